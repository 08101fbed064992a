from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.eval_jsonl_file_content_item_item import EvalJsonlFileContentItemItem
    from ..models.eval_jsonl_file_content_item_sample import (
        EvalJsonlFileContentItemSample,
    )


T = TypeVar("T", bound="EvalJsonlFileContentItem")


@_attrs_define
class EvalJsonlFileContentItem:
    """An object of the API's JSON (its schema has no description).

    Attributes:
        item (EvalJsonlFileContentItemItem):
        sample (EvalJsonlFileContentItemSample | None):
    """

    item: EvalJsonlFileContentItemItem
    sample: EvalJsonlFileContentItemSample | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        item = self.item.to_dict()

        sample: dict[str, Any] | None = None
        if self.sample is not None:
            sample = self.sample.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "item": item,
            }
        )
        if sample is not None:
            field_dict["sample"] = sample

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.eval_jsonl_file_content_item_item import (
            EvalJsonlFileContentItemItem,
        )
        from ..models.eval_jsonl_file_content_item_sample import (
            EvalJsonlFileContentItemSample,
        )

        d = dict(src_dict)
        item = EvalJsonlFileContentItemItem.from_dict(d.pop("item"))

        _sample = d.pop("sample", None)
        sample: EvalJsonlFileContentItemSample | None
        if _sample is None:
            sample = None
        else:
            sample = EvalJsonlFileContentItemSample.from_dict(_sample)

        eval_jsonl_file_content_item = cls(
            item=item,
            sample=sample,
        )

        eval_jsonl_file_content_item.additional_properties = d
        return eval_jsonl_file_content_item

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
