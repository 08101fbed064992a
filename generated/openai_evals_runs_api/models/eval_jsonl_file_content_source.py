from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.eval_jsonl_file_content_source_type import (
    EvalJsonlFileContentSourceType,
    check_eval_jsonl_file_content_source_type,
)

if TYPE_CHECKING:
    from ..models.eval_jsonl_file_content_item import EvalJsonlFileContentItem


T = TypeVar("T", bound="EvalJsonlFileContentSource")


@_attrs_define
class EvalJsonlFileContentSource:
    """An object of the API's JSON (its schema has no description).

    Attributes:
        type_ (EvalJsonlFileContentSourceType): The type of jsonl source. Always `file_content`. Default:
            'file_content'.
        content (list[EvalJsonlFileContentItem]): The content of the jsonl file.
    """

    content: list[EvalJsonlFileContentItem]
    type_: EvalJsonlFileContentSourceType = "file_content"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        type_: str = self.type_

        content = []
        for content_item_data in self.content:
            content_item = content_item_data.to_dict()
            content.append(content_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "content": content,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.eval_jsonl_file_content_item import EvalJsonlFileContentItem

        d = dict(src_dict)
        type_ = check_eval_jsonl_file_content_source_type(d.pop("type"))

        content = []
        _content = d.pop("content")
        for content_item_data in _content:
            content_item = EvalJsonlFileContentItem.from_dict(content_item_data)

            content.append(content_item)

        eval_jsonl_file_content_source = cls(
            type_=type_,
            content=content,
        )

        eval_jsonl_file_content_source.additional_properties = d
        return eval_jsonl_file_content_source

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
