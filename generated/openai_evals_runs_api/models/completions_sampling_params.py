from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reasoning_effort_type_0 import (
    ReasoningEffortType0,
    check_reasoning_effort_type_0,
)

if TYPE_CHECKING:
    from ..models.response_format_json_object import ResponseFormatJsonObject
    from ..models.response_format_json_schema import ResponseFormatJsonSchema
    from ..models.response_format_text import ResponseFormatText
    from ..models.tool_definition import ToolDefinition


T = TypeVar("T", bound="CompletionsSamplingParams")


@_attrs_define
class CompletionsSamplingParams:
    """An object of the API's JSON (its schema has no description).

    Attributes:
        reasoning_effort (ReasoningEffortType0 | None):
        temperature (float | None): A higher temperature increases randomness in the outputs. Default: 1.0.
        max_completion_tokens (int | None): The maximum number of tokens in the generated output.
        top_p (float | None): An alternative to temperature for nucleus sampling; 1.0 includes all tokens. Default: 1.0.
        seed (int | None): A seed value to initialize the randomness, during sampling. Default: 42.
        response_format (ResponseFormatJsonObject | ResponseFormatJsonSchema | ResponseFormatText | None): An object
            specifying the format that the model must output.

            Setting to `{ "type": "json_schema", "json_schema": {...} }` enables
            Structured Outputs which ensures the model will match your supplied JSON
            schema. Learn more in the [Structured Outputs
            guide](/docs/guides/structured-outputs).

            Setting to `{ "type": "json_object" }` enables the older JSON mode, which
            ensures the message the model generates is valid JSON. Using `json_schema`
            is preferred for models that support it.
        tools (list[ToolDefinition] | None): A list of tools the model may call. Currently, only functions are supported
            as a tool. Use this to provide a list of functions the model may generate JSON inputs for. A max of 128
            functions are supported.
    """

    reasoning_effort: ReasoningEffortType0 | None = None
    temperature: float | None = 1.0
    max_completion_tokens: int | None = None
    top_p: float | None = 1.0
    seed: int | None = 42
    response_format: (
        ResponseFormatJsonObject | ResponseFormatJsonSchema | ResponseFormatText | None
    ) = None
    tools: list[ToolDefinition] | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        from ..models.response_format_json_schema import ResponseFormatJsonSchema
        from ..models.response_format_text import ResponseFormatText

        reasoning_effort: str | None
        if self.reasoning_effort is None:
            reasoning_effort = None
        elif isinstance(self.reasoning_effort, str):
            reasoning_effort = self.reasoning_effort
        else:
            reasoning_effort = self.reasoning_effort

        temperature = self.temperature

        max_completion_tokens = self.max_completion_tokens

        top_p = self.top_p

        seed = self.seed

        response_format: dict[str, Any] | None
        if self.response_format is None:
            response_format = None
        elif isinstance(self.response_format, ResponseFormatText) or isinstance(
            self.response_format, ResponseFormatJsonSchema
        ):
            response_format = self.response_format.to_dict()
        else:
            response_format = self.response_format.to_dict()

        tools: list[dict[str, Any]] | None = None
        if self.tools is not None:
            tools = []
            for tools_item_data in self.tools:
                tools_item = tools_item_data.to_dict()
                tools.append(tools_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if reasoning_effort is not None:
            field_dict["reasoning_effort"] = reasoning_effort
        if temperature is not None:
            field_dict["temperature"] = temperature
        if max_completion_tokens is not None:
            field_dict["max_completion_tokens"] = max_completion_tokens
        if top_p is not None:
            field_dict["top_p"] = top_p
        if seed is not None:
            field_dict["seed"] = seed
        if response_format is not None:
            field_dict["response_format"] = response_format
        if tools is not None:
            field_dict["tools"] = tools

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.response_format_json_object import ResponseFormatJsonObject
        from ..models.response_format_json_schema import ResponseFormatJsonSchema
        from ..models.response_format_text import ResponseFormatText
        from ..models.tool_definition import ToolDefinition

        d = dict(src_dict)

        def _parse_reasoning_effort(data: object) -> ReasoningEffortType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_reasoning_effort_type_0 = (
                    check_reasoning_effort_type_0(data)
                )

                return componentsschemas_reasoning_effort_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ReasoningEffortType0 | None, data)

        reasoning_effort = _parse_reasoning_effort(d.pop("reasoning_effort", None))

        temperature = d.pop("temperature", None)

        max_completion_tokens = d.pop("max_completion_tokens", None)

        top_p = d.pop("top_p", None)

        seed = d.pop("seed", None)

        def _parse_response_format(
            data: object,
        ) -> (
            ResponseFormatJsonObject
            | ResponseFormatJsonSchema
            | ResponseFormatText
            | None
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_completions_response_format_type_0 = (
                    ResponseFormatText.from_dict(data)
                )

                return componentsschemas_completions_response_format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_completions_response_format_type_1 = (
                    ResponseFormatJsonSchema.from_dict(data)
                )

                return componentsschemas_completions_response_format_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_completions_response_format_type_2 = (
                ResponseFormatJsonObject.from_dict(data)
            )

            return componentsschemas_completions_response_format_type_2

        response_format = _parse_response_format(d.pop("response_format", None))

        _tools = d.pop("tools", None)
        tools: list[ToolDefinition] | None = None
        if _tools is not None:
            tools = []
            for tools_item_data in _tools:
                tools_item = ToolDefinition.from_dict(tools_item_data)

                tools.append(tools_item)

        completions_sampling_params = cls(
            reasoning_effort=reasoning_effort,
            temperature=temperature,
            max_completion_tokens=max_completion_tokens,
            top_p=top_p,
            seed=seed,
            response_format=response_format,
            tools=tools,
        )

        completions_sampling_params.additional_properties = d
        return completions_sampling_params

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
