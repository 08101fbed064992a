from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.eval_item_input_image_type import (
    EvalItemInputImageType,
    check_eval_item_input_image_type,
)

T = TypeVar("T", bound="EvalItemInputImage")


@_attrs_define
class EvalItemInputImage:
    """An image input block used within EvalItem content arrays.

    Attributes:
        type_ (EvalItemInputImageType): The type of the image input. Always `input_image`.
        image_url (str): The URL of the image input.
        detail (str | None): The detail level of the image to be sent to the model. One of `high`, `low`, or `auto`.
            Defaults to `auto`.
    """

    type_: EvalItemInputImageType
    image_url: str
    detail: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        type_: str = self.type_

        image_url = self.image_url

        detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "image_url": image_url,
            }
        )
        if detail is not None:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        d = dict(src_dict)
        type_ = check_eval_item_input_image_type(d.pop("type"))

        image_url = d.pop("image_url")

        detail = d.pop("detail", None)

        eval_item_input_image = cls(
            type_=type_,
            image_url=image_url,
            detail=detail,
        )

        eval_item_input_image.additional_properties = d
        return eval_item_input_image

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
