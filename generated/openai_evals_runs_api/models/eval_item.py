from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.eval_item_role import EvalItemRole, check_eval_item_role
from ..models.eval_item_type import EvalItemType, check_eval_item_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.eval_item_content_output_text import EvalItemContentOutputText
    from ..models.eval_item_input_image import EvalItemInputImage
    from ..models.input_audio import InputAudio
    from ..models.input_text_content import InputTextContent


T = TypeVar("T", bound="EvalItem")


@_attrs_define
class EvalItem:
    """A message input to the model with a role indicating instruction following hierarchy; its content may contain
    template strings.

        Attributes:
            role (EvalItemRole): The role of the message input. One of `user`, `assistant`, `system`, or `developer`.
            content (EvalItemContentOutputText | EvalItemInputImage | InputAudio | InputTextContent |
                list[EvalItemContentOutputText | EvalItemInputImage | InputAudio | InputTextContent | str] | str): Inputs to the
                model - can contain template strings. Text, output text, input images and input audio, either as a single item
                or an array of items.
            type_ (EvalItemType | Unset): The type of the message input. Always `message`.
    """

    role: EvalItemRole
    content: (
        EvalItemContentOutputText
        | EvalItemInputImage
        | InputAudio
        | InputTextContent
        | list[
            EvalItemContentOutputText
            | EvalItemInputImage
            | InputAudio
            | InputTextContent
            | str
        ]
        | str
    )
    type_: EvalItemType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.eval_item_content_output_text import EvalItemContentOutputText
        from ..models.eval_item_input_image import EvalItemInputImage
        from ..models.input_audio import InputAudio
        from ..models.input_text_content import InputTextContent

        role: str = self.role

        content: dict[str, Any] | list[dict[str, Any] | str] | str
        if (
            isinstance(self.content, InputTextContent)
            or isinstance(self.content, EvalItemContentOutputText)
            or isinstance(self.content, EvalItemInputImage)
            or isinstance(self.content, InputAudio)
        ):
            content = self.content.to_dict()
        elif isinstance(self.content, list):
            content = []
            for componentsschemas_eval_item_content_array_item_data in self.content:
                componentsschemas_eval_item_content_array_item: dict[str, Any] | str
                if (
                    isinstance(
                        componentsschemas_eval_item_content_array_item_data,
                        InputTextContent,
                    )
                    or isinstance(
                        componentsschemas_eval_item_content_array_item_data,
                        EvalItemContentOutputText,
                    )
                    or isinstance(
                        componentsschemas_eval_item_content_array_item_data,
                        EvalItemInputImage,
                    )
                    or isinstance(
                        componentsschemas_eval_item_content_array_item_data, InputAudio
                    )
                ):
                    componentsschemas_eval_item_content_array_item = (
                        componentsschemas_eval_item_content_array_item_data.to_dict()
                    )
                else:
                    componentsschemas_eval_item_content_array_item = (
                        componentsschemas_eval_item_content_array_item_data
                    )
                content.append(componentsschemas_eval_item_content_array_item)

        else:
            content = self.content

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
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.eval_item_content_output_text import EvalItemContentOutputText
        from ..models.eval_item_input_image import EvalItemInputImage
        from ..models.input_audio import InputAudio
        from ..models.input_text_content import InputTextContent

        d = dict(src_dict)
        role = check_eval_item_role(d.pop("role"))

        def _parse_content(
            data: object,
        ) -> (
            EvalItemContentOutputText
            | EvalItemInputImage
            | InputAudio
            | InputTextContent
            | list[
                EvalItemContentOutputText
                | EvalItemInputImage
                | InputAudio
                | InputTextContent
                | str
            ]
            | str
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_eval_item_content_item_type_1 = (
                    InputTextContent.from_dict(data)
                )

                return componentsschemas_eval_item_content_item_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_eval_item_content_item_type_2 = (
                    EvalItemContentOutputText.from_dict(data)
                )

                return componentsschemas_eval_item_content_item_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_eval_item_content_item_type_3 = (
                    EvalItemInputImage.from_dict(data)
                )

                return componentsschemas_eval_item_content_item_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_eval_item_content_item_type_4 = InputAudio.from_dict(
                    data
                )

                return componentsschemas_eval_item_content_item_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_eval_item_content_type_1 = []
                _componentsschemas_eval_item_content_type_1 = data
                for (
                    componentsschemas_eval_item_content_array_item_data
                ) in _componentsschemas_eval_item_content_type_1:

                    def _parse_componentsschemas_eval_item_content_array_item(
                        data: object,
                    ) -> (
                        EvalItemContentOutputText
                        | EvalItemInputImage
                        | InputAudio
                        | InputTextContent
                        | str
                    ):
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_eval_item_content_item_type_1 = (
                                InputTextContent.from_dict(data)
                            )

                            return componentsschemas_eval_item_content_item_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_eval_item_content_item_type_2 = (
                                EvalItemContentOutputText.from_dict(data)
                            )

                            return componentsschemas_eval_item_content_item_type_2
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_eval_item_content_item_type_3 = (
                                EvalItemInputImage.from_dict(data)
                            )

                            return componentsschemas_eval_item_content_item_type_3
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_eval_item_content_item_type_4 = (
                                InputAudio.from_dict(data)
                            )

                            return componentsschemas_eval_item_content_item_type_4
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        return cast(
                            EvalItemContentOutputText
                            | EvalItemInputImage
                            | InputAudio
                            | InputTextContent
                            | str,
                            data,
                        )

                    componentsschemas_eval_item_content_array_item = (
                        _parse_componentsschemas_eval_item_content_array_item(
                            componentsschemas_eval_item_content_array_item_data
                        )
                    )

                    componentsschemas_eval_item_content_type_1.append(
                        componentsschemas_eval_item_content_array_item
                    )

                return componentsschemas_eval_item_content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                EvalItemContentOutputText
                | EvalItemInputImage
                | InputAudio
                | InputTextContent
                | list[
                    EvalItemContentOutputText
                    | EvalItemInputImage
                    | InputAudio
                    | InputTextContent
                    | str
                ]
                | str,
                data,
            )

        content = _parse_content(d.pop("content"))

        _type_ = d.pop("type", UNSET)
        type_: EvalItemType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_eval_item_type(_type_)

        eval_item = cls(
            role=role,
            content=content,
            type_=type_,
        )

        eval_item.additional_properties = d
        return eval_item

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
