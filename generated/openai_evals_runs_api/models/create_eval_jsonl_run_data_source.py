from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_eval_jsonl_run_data_source_type import (
    CreateEvalJsonlRunDataSourceType,
    check_create_eval_jsonl_run_data_source_type,
)

if TYPE_CHECKING:
    from ..models.eval_jsonl_file_content_source import EvalJsonlFileContentSource
    from ..models.eval_jsonl_file_id_source import EvalJsonlFileIdSource


T = TypeVar("T", bound="CreateEvalJsonlRunDataSource")


@_attrs_define
class CreateEvalJsonlRunDataSource:
    """A JsonlRunDataSource object with that specifies a JSONL file that matches the eval

    Attributes:
        type_ (CreateEvalJsonlRunDataSourceType): The type of data source. Always `jsonl`. Default: 'jsonl'.
        source (EvalJsonlFileContentSource | EvalJsonlFileIdSource): Determines what populates the `item` namespace in
            the data source.
    """

    source: EvalJsonlFileContentSource | EvalJsonlFileIdSource
    type_: CreateEvalJsonlRunDataSourceType = "jsonl"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        from ..models.eval_jsonl_file_content_source import EvalJsonlFileContentSource

        type_: str = self.type_

        source: dict[str, Any]
        if isinstance(self.source, EvalJsonlFileContentSource):
            source = self.source.to_dict()
        else:
            source = self.source.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.eval_jsonl_file_content_source import EvalJsonlFileContentSource
        from ..models.eval_jsonl_file_id_source import EvalJsonlFileIdSource

        d = dict(src_dict)
        type_ = check_create_eval_jsonl_run_data_source_type(d.pop("type"))

        def _parse_source(
            data: object,
        ) -> EvalJsonlFileContentSource | EvalJsonlFileIdSource:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_jsonl_run_source_type_0 = (
                    EvalJsonlFileContentSource.from_dict(data)
                )

                return componentsschemas_jsonl_run_source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_jsonl_run_source_type_1 = EvalJsonlFileIdSource.from_dict(
                data
            )

            return componentsschemas_jsonl_run_source_type_1

        source = _parse_source(d.pop("source"))

        create_eval_jsonl_run_data_source = cls(
            type_=type_,
            source=source,
        )

        create_eval_jsonl_run_data_source.additional_properties = d
        return create_eval_jsonl_run_data_source

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
