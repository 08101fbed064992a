from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.responses_template_input_messages_type import (
    ResponsesTemplateInputMessagesType,
    check_responses_template_input_messages_type,
)

if TYPE_CHECKING:
    from ..models.chat_message import ChatMessage
    from ..models.eval_item import EvalItem


T = TypeVar("T", bound="ResponsesTemplateInputMessages")


@_attrs_define
class ResponsesTemplateInputMessages:
    """An object of the API's JSON (its schema has no description).

    Attributes:
        type_ (ResponsesTemplateInputMessagesType): The type of input messages. Always `template`.
        template (list[ChatMessage | EvalItem]): A list of chat messages forming the prompt or context. May include
            variable references to the `item` namespace, ie {{item.name}}.
    """

    type_: ResponsesTemplateInputMessagesType
    template: list[ChatMessage | EvalItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        from ..models.chat_message import ChatMessage

        type_: str = self.type_

        template = []
        for template_item_data in self.template:
            template_item: dict[str, Any]
            if isinstance(template_item_data, ChatMessage):
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
        from ..models.chat_message import ChatMessage
        from ..models.eval_item import EvalItem

        d = dict(src_dict)
        type_ = check_responses_template_input_messages_type(d.pop("type"))

        template = []
        _template = d.pop("template")
        for template_item_data in _template:

            def _parse_template_item(data: object) -> ChatMessage | EvalItem:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_responses_template_message_type_0 = (
                        ChatMessage.from_dict(data)
                    )

                    return componentsschemas_responses_template_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_responses_template_message_type_1 = (
                    EvalItem.from_dict(data)
                )

                return componentsschemas_responses_template_message_type_1

            template_item = _parse_template_item(template_item_data)

            template.append(template_item)

        responses_template_input_messages = cls(
            type_=type_,
            template=template,
        )

        responses_template_input_messages.additional_properties = d
        return responses_template_input_messages

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
