from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.completions_template_input_messages_type import (
    CompletionsTemplateInputMessagesType,
    check_completions_template_input_messages_type,
)

if TYPE_CHECKING:
    from ..models.easy_input_message import EasyInputMessage
    from ..models.eval_item import EvalItem


T = TypeVar("T", bound="CompletionsTemplateInputMessages")


@_attrs_define
class CompletionsTemplateInputMessages:
    """An object of the API's JSON (its schema has no description).

    Attributes:
        type_ (CompletionsTemplateInputMessagesType): The type of input messages. Always `template`.
        template (list[EasyInputMessage | EvalItem]): A list of chat messages forming the prompt or context. May include
            variable references to the `item` namespace, ie {{item.name}}.
    """

    type_: CompletionsTemplateInputMessagesType
    template: list[EasyInputMessage | EvalItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        from ..models.easy_input_message import EasyInputMessage

        type_: str = self.type_

        template = []
        for template_item_data in self.template:
            template_item: dict[str, Any]
            if isinstance(template_item_data, EasyInputMessage):
                template_item = template_item_data.to_dict()
            else:
                template_item = template_item_data.to_dict()

            template.append(template_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "template": template,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.easy_input_message import EasyInputMessage
        from ..models.eval_item import EvalItem

        d = dict(src_dict)
        type_ = check_completions_template_input_messages_type(d.pop("type"))

        template = []
        _template = d.pop("template")
        for template_item_data in _template:

            def _parse_template_item(data: object) -> EasyInputMessage | EvalItem:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_completions_template_message_type_0 = (
                        EasyInputMessage.from_dict(data)
                    )

                    return componentsschemas_completions_template_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_completions_template_message_type_1 = (
                    EvalItem.from_dict(data)
                )

                return componentsschemas_completions_template_message_type_1

            template_item = _parse_template_item(template_item_data)

            template.append(template_item)

        completions_template_input_messages = cls(
            type_=type_,
            template=template,
        )

        completions_template_input_messages.additional_properties = d
        return completions_template_input_messages

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
