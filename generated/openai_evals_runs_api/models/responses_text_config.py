from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.response_format_json_object import ResponseFormatJsonObject
    from ..models.response_format_text import ResponseFormatText
    from ..models.text_response_format_json_schema import TextResponseFormatJsonSchema


T = TypeVar("T", bound="ResponsesTextConfig")


@_attrs_define
class ResponsesTextConfig:
    """Configuration options for a text response from the model. Can be plain
    text or structured JSON data. Learn more:
    - [Text inputs and outputs](/docs/guides/text)
    - [Structured Outputs](/docs/guides/structured-outputs)

        Attributes:
            format_ (ResponseFormatJsonObject | ResponseFormatText | TextResponseFormatJsonSchema | None): An object
                specifying the format that the model must output.

                Configuring `{ "type": "json_schema" }` enables Structured Outputs,
                which ensures the model will match your supplied JSON schema. Learn more in the
                [Structured Outputs guide](/docs/guides/structured-outputs).

                The default format is `{ "type": "text" }` with no additional options.

                **Not recommended for gpt-4o and newer models:**

                Setting to `{ "type": "json_object" }` enables the older JSON mode, which
                ensures the message the model generates is valid JSON. Using `json_schema`
                is preferred for models that support it.
    """

    format_: (
        ResponseFormatJsonObject
        | ResponseFormatText
        | TextResponseFormatJsonSchema
        | None
    ) = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        from ..models.response_format_text import ResponseFormatText
        from ..models.text_response_format_json_schema import (
            TextResponseFormatJsonSchema,
        )

        format_: dict[str, Any] | None
        if self.format_ is None:
            format_ = None
        elif isinstance(self.format_, ResponseFormatText) or isinstance(
            self.format_, TextResponseFormatJsonSchema
        ):
            format_ = self.format_.to_dict()
        else:
            format_ = self.format_.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if format_ is not None:
            field_dict["format"] = format_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.response_format_json_object import ResponseFormatJsonObject
        from ..models.response_format_text import ResponseFormatText
        from ..models.text_response_format_json_schema import (
            TextResponseFormatJsonSchema,
        )

        d = dict(src_dict)

        def _parse_format_(
            data: object,
        ) -> (
            ResponseFormatJsonObject
            | ResponseFormatText
            | TextResponseFormatJsonSchema
            | None
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_text_response_format_configuration_type_0 = (
                    ResponseFormatText.from_dict(data)
                )

                return componentsschemas_text_response_format_configuration_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_text_response_format_configuration_type_1 = (
                    TextResponseFormatJsonSchema.from_dict(data)
                )

                return componentsschemas_text_response_format_configuration_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_text_response_format_configuration_type_2 = (
                ResponseFormatJsonObject.from_dict(data)
            )

            return componentsschemas_text_response_format_configuration_type_2

        format_ = _parse_format_(d.pop("format", None))

        responses_text_config = cls(
            format_=format_,
        )

        responses_text_config.additional_properties = d
        return responses_text_config

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
