from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.easy_input_message_role import (
    EasyInputMessageRole,
    check_easy_input_message_role,
)
from ..models.easy_input_message_type import (
    EasyInputMessageType,
    check_easy_input_message_type,
)
from ..models.message_phase import MessagePhase, check_message_phase
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.input_file_content import InputFileContent
    from ..models.input_image_content import InputImageContent
    from ..models.input_text_content import InputTextContent


T = TypeVar("T", bound="EasyInputMessage")


@_attrs_define
class EasyInputMessage:
    """A message input to the model with a role indicating instruction following hierarchy.

    Attributes:
        role (EasyInputMessageRole): The role of the message input. One of `user`, `assistant`, `system`, or
            `developer`.
        content (list[InputFileContent | InputImageContent | InputTextContent] | str): Text, image, or file input to the
            model.
        phase (MessagePhase | None | Unset):
        type_ (EasyInputMessageType | Unset): The type of the message input. Always `message`.
    """

    role: EasyInputMessageRole
    content: list[InputFileContent | InputImageContent | InputTextContent] | str
    phase: MessagePhase | None | Unset = UNSET
    type_: EasyInputMessageType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.input_image_content import InputImageContent
        from ..models.input_text_content import InputTextContent

        role: str = self.role

        content: list[dict[str, Any]] | str
        if isinstance(self.content, list):
            content = []
            for componentsschemas_input_message_content_list_item_data in self.content:
                componentsschemas_input_message_content_list_item: dict[str, Any]
                if isinstance(
                    componentsschemas_input_message_content_list_item_data,
                    InputTextContent,
                ) or isinstance(
                    componentsschemas_input_message_content_list_item_data,
                    InputImageContent,
                ):
                    componentsschemas_input_message_content_list_item = (
                        componentsschemas_input_message_content_list_item_data.to_dict()
                    )
                else:
                    componentsschemas_input_message_content_list_item = (
                        componentsschemas_input_message_content_list_item_data.to_dict()
                    )

                content.append(componentsschemas_input_message_content_list_item)

        else:
            content = self.content

        phase: None | str | Unset
        if isinstance(self.phase, Unset):
            phase = UNSET
        elif isinstance(self.phase, str):
            phase = self.phase
        else:
            phase = self.phase

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
                "content": content,
            }
        )
        if phase is not UNSET:
            field_dict["phase"] = phase
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.input_file_content import InputFileContent
        from ..models.input_image_content import InputImageContent
        from ..models.input_text_content import InputTextContent

        d = dict(src_dict)
        role = check_easy_input_message_role(d.pop("role"))

        def _parse_content(
            data: object,
        ) -> list[InputFileContent | InputImageContent | InputTextContent] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_easy_input_message_content_type_1 = []
                _componentsschemas_easy_input_message_content_type_1 = data
                for (
                    componentsschemas_input_message_content_list_item_data
                ) in _componentsschemas_easy_input_message_content_type_1:

                    def _parse_componentsschemas_input_message_content_list_item(
                        data: object,
                    ) -> InputFileContent | InputImageContent | InputTextContent:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_input_content_type_0 = (
                                InputTextContent.from_dict(data)
                            )

                            return componentsschemas_input_content_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_input_content_type_1 = (
                                InputImageContent.from_dict(data)
                            )

                            return componentsschemas_input_content_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_input_content_type_2 = (
                            InputFileContent.from_dict(data)
                        )

                        return componentsschemas_input_content_type_2

                    componentsschemas_input_message_content_list_item = (
                        _parse_componentsschemas_input_message_content_list_item(
                            componentsschemas_input_message_content_list_item_data
                        )
                    )

                    componentsschemas_easy_input_message_content_type_1.append(
                        componentsschemas_input_message_content_list_item
                    )

                return componentsschemas_easy_input_message_content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                list[InputFileContent | InputImageContent | InputTextContent] | str,
                data,
            )

        content = _parse_content(d.pop("content"))

        def _parse_phase(data: object) -> MessagePhase | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                phase_type_0 = check_message_phase(data)

                return phase_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessagePhase | None | Unset, data)

        phase = _parse_phase(d.pop("phase", UNSET))

        _type_ = d.pop("type", UNSET)
        type_: EasyInputMessageType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_easy_input_message_type(_type_)

        easy_input_message = cls(
            role=role,
            content=content,
            phase=phase,
            type_=type_,
        )

        easy_input_message.additional_properties = d
        return easy_input_message

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
