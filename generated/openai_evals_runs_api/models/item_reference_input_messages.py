from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.item_reference_input_messages_type import (
    ItemReferenceInputMessagesType,
    check_item_reference_input_messages_type,
)

T = TypeVar("T", bound="ItemReferenceInputMessages")


@_attrs_define
class ItemReferenceInputMessages:
    """An object of the API's JSON (its schema has no description).

    Attributes:
        type_ (ItemReferenceInputMessagesType): The type of input messages. Always `item_reference`.
        item_reference (str): A reference to a variable in the `item` namespace. Ie, "item.input_trajectory"
    """

    type_: ItemReferenceInputMessagesType
    item_reference: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        type_: str = self.type_

        item_reference = self.item_reference

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "item_reference": item_reference,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        d = dict(src_dict)
        type_ = check_item_reference_input_messages_type(d.pop("type"))

        item_reference = d.pop("item_reference")

        item_reference_input_messages = cls(
            type_=type_,
            item_reference=item_reference,
        )

        item_reference_input_messages.additional_properties = d
        return item_reference_input_messages

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
