from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.eval_jsonl_file_id_source_type import (
    EvalJsonlFileIdSourceType,
    check_eval_jsonl_file_id_source_type,
)

T = TypeVar("T", bound="EvalJsonlFileIdSource")


@_attrs_define
class EvalJsonlFileIdSource:
    """An object of the API's JSON (its schema has no description).

    Attributes:
        type_ (EvalJsonlFileIdSourceType): The type of jsonl source. Always `file_id`. Default: 'file_id'.
        id (str): The identifier of the file.
    """

    id: str
    type_: EvalJsonlFileIdSourceType = "file_id"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        type_: str = self.type_

        id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "id": id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        d = dict(src_dict)
        type_ = check_eval_jsonl_file_id_source_type(d.pop("type"))

        id = d.pop("id")

        eval_jsonl_file_id_source = cls(
            type_=type_,
            id=id,
        )

        eval_jsonl_file_id_source.additional_properties = d
        return eval_jsonl_file_id_source

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
