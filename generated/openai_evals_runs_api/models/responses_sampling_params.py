from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reasoning_effort_type_0 import (
    ReasoningEffortType0,
    check_reasoning_effort_type_0,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.responses_text_config import ResponsesTextConfig
    from ..models.tool_definition import ToolDefinition


T = TypeVar("T", bound="ResponsesSamplingParams")


@_attrs_define
class ResponsesSamplingParams:
    """
    Attributes:
        reasoning_effort (None | ReasoningEffortType0 | Unset):
        temperature (float | Unset): A higher temperature increases randomness in the outputs. Default: 1.0.
        max_completion_tokens (int | Unset): The maximum number of tokens in the generated output.
        top_p (float | Unset): An alternative to temperature for nucleus sampling; 1.0 includes all tokens. Default:
            1.0.
        seed (int | Unset): A seed value to initialize the randomness, during sampling. Default: 42.
        tools (list[ToolDefinition] | Unset): An array of tools the model may call while generating a response. You
            can specify which tool to use by setting the `tool_choice` parameter.

            The two categories of tools you can provide the model are:

            - **Built-in tools**: Tools that are provided by OpenAI that extend the
              model's capabilities, like [web search](/docs/guides/tools-web-search)
              or [file search](/docs/guides/tools-file-search). Learn more about
              [built-in tools](/docs/guides/tools).
            - **Function calls (custom tools)**: Functions that are defined by you,
              enabling the model to call your own code. Learn more about
              [function calling](/docs/guides/function-calling).
        text (ResponsesTextConfig | Unset): Configuration options for a text response from the model. Can be plain
            text or structured JSON data. Learn more:
            - [Text inputs and outputs](/docs/guides/text)
            - [Structured Outputs](/docs/guides/structured-outputs)
    """

    reasoning_effort: None | ReasoningEffortType0 | Unset = UNSET
    temperature: float | Unset = 1.0
    max_completion_tokens: int | Unset = UNSET
    top_p: float | Unset = 1.0
    seed: int | Unset = 42
    tools: list[ToolDefinition] | Unset = UNSET
    text: ResponsesTextConfig | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reasoning_effort: None | str | Unset
        if isinstance(self.reasoning_effort, Unset):
            reasoning_effort = UNSET
        elif isinstance(self.reasoning_effort, str):
            reasoning_effort = self.reasoning_effort
        else:
            reasoning_effort = self.reasoning_effort

        temperature = self.temperature

        max_completion_tokens = self.max_completion_tokens

        top_p = self.top_p

        seed = self.seed

        tools: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tools, Unset):
            tools = []
            for tools_item_data in self.tools:
                tools_item = tools_item_data.to_dict()
                tools.append(tools_item)

        text: dict[str, Any] | Unset = UNSET
        if not isinstance(self.text, Unset):
            text = self.text.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if reasoning_effort is not UNSET:
            field_dict["reasoning_effort"] = reasoning_effort
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if max_completion_tokens is not UNSET:
            field_dict["max_completion_tokens"] = max_completion_tokens
        if top_p is not UNSET:
            field_dict["top_p"] = top_p
        if seed is not UNSET:
            field_dict["seed"] = seed
        if tools is not UNSET:
            field_dict["tools"] = tools
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.responses_text_config import ResponsesTextConfig
        from ..models.tool_definition import ToolDefinition

        d = dict(src_dict)

        def _parse_reasoning_effort(
            data: object,
        ) -> None | ReasoningEffortType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
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
            return cast(None | ReasoningEffortType0 | Unset, data)

        reasoning_effort = _parse_reasoning_effort(d.pop("reasoning_effort", UNSET))

        temperature = d.pop("temperature", UNSET)

        max_completion_tokens = d.pop("max_completion_tokens", UNSET)

        top_p = d.pop("top_p", UNSET)

        seed = d.pop("seed", UNSET)

        _tools = d.pop("tools", UNSET)
        tools: list[ToolDefinition] | Unset = UNSET
        if _tools is not UNSET:
            tools = []
            for tools_item_data in _tools:
                tools_item = ToolDefinition.from_dict(tools_item_data)

                tools.append(tools_item)

        _text = d.pop("text", UNSET)
        text: ResponsesTextConfig | Unset
        if isinstance(_text, Unset):
            text = UNSET
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
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
