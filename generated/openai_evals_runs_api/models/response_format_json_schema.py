from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.response_format_json_schema_type import (
    ResponseFormatJsonSchemaType,
    check_response_format_json_schema_type,
)

if TYPE_CHECKING:
    from ..models.response_format_json_schema_config import (
        ResponseFormatJsonSchemaConfig,
    )


T = TypeVar("T", bound="ResponseFormatJsonSchema")


@_attrs_define
class ResponseFormatJsonSchema:
    """JSON Schema response format. Used to generate structured JSON responses.
    Learn more about [Structured Outputs](/docs/guides/structured-outputs).

        Attributes:
            type_ (ResponseFormatJsonSchemaType): The type of response format being defined. Always `json_schema`.
            json_schema (ResponseFormatJsonSchemaConfig): Structured Outputs configuration options, including a JSON Schema.
    """

    type_: ResponseFormatJsonSchemaType
    json_schema: ResponseFormatJsonSchemaConfig
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        type_: str = self.type_

        json_schema = self.json_schema.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "json_schema": json_schema,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.response_format_json_schema_config import (
            ResponseFormatJsonSchemaConfig,
        )

        d = dict(src_dict)
        type_ = check_response_format_json_schema_type(d.pop("type"))

        json_schema = ResponseFormatJsonSchemaConfig.from_dict(d.pop("json_schema"))

        response_format_json_schema = cls(
            type_=type_,
            json_schema=json_schema,
        )

        response_format_json_schema.additional_properties = d
        return response_format_json_schema

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
