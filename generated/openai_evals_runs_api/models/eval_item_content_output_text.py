from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.eval_item_content_output_text_type import (
    EvalItemContentOutputTextType,
    check_eval_item_content_output_text_type,
)

T = TypeVar("T", bound="EvalItemContentOutputText")


@_attrs_define
class EvalItemContentOutputText:
    """A text output from the model.

    Attributes:
        type_ (EvalItemContentOutputTextType): The type of the output text. Always `output_text`.
        text (str): The text output from the model.
    """

    type_: EvalItemContentOutputTextType
    text: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        type_: str = self.type_

        text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        d = dict(src_dict)
        type_ = check_eval_item_content_output_text_type(d.pop("type"))

        text = d.pop("text")

        eval_item_content_output_text = cls(
            type_=type_,
            text=text,
        )

        eval_item_content_output_text.additional_properties = d
        return eval_item_content_output_text

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
