from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EvalRunResultCounts")


@_attrs_define
class EvalRunResultCounts:
    """Counters summarizing the outcomes of the evaluation run.

    Attributes:
        total (int): Total number of executed output items.
        errored (int): Number of output items that resulted in an error.
        failed (int): Number of output items that failed to pass the evaluation.
        passed (int): Number of output items that passed the evaluation.
    """

    total: int
    errored: int
    failed: int
    passed: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        total = self.total

        errored = self.errored

        failed = self.failed

        passed = self.passed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "errored": errored,
                "failed": failed,
                "passed": passed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        d = dict(src_dict)
        total = d.pop("total")

        errored = d.pop("errored")

        failed = d.pop("failed")

        passed = d.pop("passed")

        eval_run_result_counts = cls(
            total=total,
            errored=errored,
            failed=failed,
            passed=passed,
        )

        eval_run_result_counts.additional_properties = d
        return eval_run_result_counts

    @property
    def additional_keys(self) -> list[str]:
        """The names of the fields the spec does not define (kept as sent)."""
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
