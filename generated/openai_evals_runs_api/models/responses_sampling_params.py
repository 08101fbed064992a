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
    from ..models.responses_text_config import ResponsesTextConfig
    from ..models.tool_definition import ToolDefinition


T = TypeVar("T", bound="ResponsesSamplingParams")


@_attrs_define
class ResponsesSamplingParams:
    """An object of the API's JSON (its schema has no description).

    Attributes:
        reasoning_effort (ReasoningEffortType0 | None):
        temperature (float | None): A higher temperature increases randomness in the outputs. Default: 1.0.
        max_completion_tokens (int | None): The maximum number of tokens in the generated output.
        top_p (float | None): An alternative to temperature for nucleus sampling; 1.0 includes all tokens. Default: 1.0.
        seed (int | None): A seed value to initialize the randomness, during sampling. Default: 42.
        tools (list[ToolDefinition] | None): An array of tools the model may call while generating a response. You
            can specify which tool to use by setting the `tool_choice` parameter.

            The two categories of tools you can provide the model are:

            - **Built-in tools**: Tools that are provided by OpenAI that extend the
              model's capabilities, like [web search](/docs/guides/tools-web-search)
              or [file search](/docs/guides/tools-file-search). Learn more about
              [built-in tools](/docs/guides/tools).
            - **Function calls (custom tools)**: Functions that are defined by you,
              enabling the model to call your own code. Learn more about
              [function calling](/docs/guides/function-calling).
        text (ResponsesTextConfig | None): Configuration options for a text response from the model. Can be plain
            text or structured JSON data. Learn more:
            - [Text inputs and outputs](/docs/guides/text)
            - [Structured Outputs](/docs/guides/structured-outputs)
    """

    reasoning_effort: ReasoningEffortType0 | None = None
    temperature: float | None = 1.0
    max_completion_tokens: int | None = None
    top_p: float | None = 1.0
    seed: int | None = 42
    tools: list[ToolDefinition] | None = None
    text: ResponsesTextConfig | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
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

        tools: list[dict[str, Any]] | None = None
        if self.tools is not None:
            tools = []
            for tools_item_data in self.tools:
                tools_item = tools_item_data.to_dict()
                tools.append(tools_item)

        text: dict[str, Any] | None = None
        if self.text is not None:
            text = self.text.to_dict()

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
        if tools is not None:
            field_dict["tools"] = tools
        if text is not None:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.responses_text_config import ResponsesTextConfig
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

        _tools = d.pop("tools", None)
        tools: list[ToolDefinition] | None = None
        if _tools is not None:
            tools = []
            for tools_item_data in _tools:
                tools_item = ToolDefinition.from_dict(tools_item_data)

                tools.append(tools_item)

        _text = d.pop("text", None)
        text: ResponsesTextConfig | None
        if _text is None:
            text = None
        else:
            text = ResponsesTextConfig.from_dict(_text)

        responses_sampling_params = cls(
            reasoning_effort=reasoning_effort,
            temperature=temperature,
            max_completion_tokens=max_completion_tokens,
            top_p=top_p,
            seed=seed,
            tools=tools,
            text=text,
        )

        responses_sampling_params.additional_properties = d
        return responses_sampling_params

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
