"""Request TypedDicts of `runs.create`, from openapi.yaml by scripts/params.py.

Do not edit: `make generate` writes this file. Import the public names from
`openai_evals_runs.types`.
"""

from __future__ import annotations

from typing import Any, Literal, Required, TypeAlias, TypedDict

__all__ = [
    "ChatMessageParam",
    "CompletionsInputMessagesParam",
    "CompletionsResponseFormatParam",
    "CompletionsRunSourceParam",
    "CompletionsSamplingParamsParam",
    "CompletionsTemplateInputMessagesParam",
    "CompletionsTemplateMessageParam",
    "CreateEvalCompletionsRunDataSourceParam",
    "CreateEvalJsonlRunDataSourceParam",
    "CreateEvalResponsesRunDataSourceParam",
    "CreateEvalRunDataSourceParam",
    "CreateEvalRunRequestParam",
    "EasyInputMessageParam",
    "EasyInputMessageContentParam",
    "EvalItemParam",
    "EvalItemContentParam",
    "EvalItemContentArrayParam",
    "EvalItemContentItemParam",
    "EvalItemContentOutputTextParam",
    "EvalItemContentTextParam",
    "EvalItemInputImageParam",
    "EvalJsonlFileContentItemParam",
    "EvalJsonlFileContentSourceParam",
    "EvalJsonlFileIdSourceParam",
    "EvalResponsesSourceParam",
    "EvalStoredCompletionsSourceParam",
    "FileInputDetailParam",
    "ImageDetailParam",
    "InputAudioParam",
    "InputAudioDataParam",
    "InputContentParam",
    "InputFileContentParam",
    "InputImageContentParam",
    "InputMessageContentListParam",
    "InputTextContentParam",
    "ItemReferenceInputMessagesParam",
    "JsonlRunSourceParam",
    "MessagePhaseParam",
    "MetadataParam",
    "PromptCacheBreakpointConfigParam",
    "ReasoningEffortParam",
    "ResponseFormatJsonObjectParam",
    "ResponseFormatJsonSchemaParam",
    "ResponseFormatJsonSchemaConfigParam",
    "ResponseFormatJsonSchemaSchemaParam",
    "ResponseFormatTextParam",
    "ResponsesInputMessagesParam",
    "ResponsesRunSourceParam",
    "ResponsesSamplingParamsParam",
    "ResponsesTemplateInputMessagesParam",
    "ResponsesTemplateMessageParam",
    "ResponsesTextConfigParam",
    "TextResponseFormatConfigurationParam",
    "TextResponseFormatJsonSchemaParam",
    "ToolDefinitionParam",
]


MetadataParam: TypeAlias = dict[str, str] | None
"""Metadata"""


class EvalJsonlFileContentItemParam(TypedDict, total=False):
    """EvalJsonlFileContentItem"""

    item: Required[dict[str, Any]]

    sample: dict[str, Any]


class EvalJsonlFileContentSourceParam(TypedDict, total=False):
    """EvalJsonlFileContentSource"""

    type: Required[Literal["file_content"]]
    """The type of jsonl source. Always `file_content`."""

    content: Required[list[EvalJsonlFileContentItemParam]]
    """The content of the jsonl file."""


class EvalJsonlFileIdSourceParam(TypedDict, total=False):
    """EvalJsonlFileIdSource"""

    type: Required[Literal["file_id"]]
    """The type of jsonl source. Always `file_id`."""

    id: Required[str]
    """The identifier of the file."""


JsonlRunSourceParam: TypeAlias = (
    EvalJsonlFileContentSourceParam | EvalJsonlFileIdSourceParam
)
"""Determines what populates the `item` namespace in the data source."""


class CreateEvalJsonlRunDataSourceParam(TypedDict, total=False):
    """A JsonlRunDataSource object with that specifies a JSONL file that matches the eval"""

    type: Required[Literal["jsonl"]]
    """The type of data source. Always `jsonl`."""

    source: Required[JsonlRunSourceParam]


class PromptCacheBreakpointConfigParam(TypedDict, total=False):
    """Marks the exact end of a reusable prompt prefix. The breakpoint inherits its TTL from the request's `prompt_cache_options.ttl`; the boundary is not rounded to a token block."""

    mode: Required[Literal["explicit"]]
    """The breakpoint mode. Always `explicit`."""


class InputTextContentParam(TypedDict, total=False):
    """A text input to the model."""

    type: Required[Literal["input_text"]]
    """The type of the input item. Always `input_text`."""

    text: Required[str]
    """The text input to the model."""

    prompt_cache_breakpoint: PromptCacheBreakpointConfigParam


ImageDetailParam: TypeAlias = Literal["low", "high", "auto", "original"]
"""ImageDetail"""


class InputImageContentParam(TypedDict, total=False):
    """An image input to the model. Learn about [image inputs](/docs/guides/vision)."""

    type: Required[Literal["input_image"]]
    """The type of the input item. Always `input_image`."""

    image_url: str | None
    """The URL of the image to be sent to the model. A fully qualified URL or base64 encoded image in a data URL."""

    file_id: str | None
    """The ID of the file to be sent to the model."""

    detail: Required[ImageDetailParam]
    """The detail level of the image to be sent to the model. One of `high`, `low`, `auto`, or `original`. Defaults to `auto`."""

    prompt_cache_breakpoint: PromptCacheBreakpointConfigParam


FileInputDetailParam: TypeAlias = Literal["auto", "low", "high"]
"""FileInputDetail"""


class InputFileContentParam(TypedDict, total=False):
    """A file input to the model."""

    type: Required[Literal["input_file"]]
    """The type of the input item. Always `input_file`."""

    file_id: str | None
    """The ID of the file to be sent to the model."""

    filename: str
    """The name of the file to be sent to the model."""

    file_data: str
    """The content of the file to be sent to the model."""

    prompt_cache_breakpoint: PromptCacheBreakpointConfigParam

    file_url: str
    """The URL of the file to be sent to the model."""

    detail: FileInputDetailParam
    """The detail level of the file to be sent to the model. Use `auto` to let the system select the detail level; for GPT-5.6 and later models, `auto` uses high-quality rendering, which may increase input token usage. Use `low` for lower-cost rendering, or `high` to render the file at higher quality. Defaults to `auto`."""


InputContentParam: TypeAlias = (
    InputTextContentParam | InputImageContentParam | InputFileContentParam
)
"""InputContent"""


InputMessageContentListParam: TypeAlias = list[InputContentParam]
"""A list of one or many input items to the model, containing different content types."""


EasyInputMessageContentParam: TypeAlias = str | InputMessageContentListParam
"""Text, image, or audio input to the model, used to generate a response. Can also contain previous assistant responses."""


MessagePhaseParam: TypeAlias = Literal["commentary", "final_answer"]
"""Labels an `assistant` message as intermediate commentary (`commentary`) or the final answer (`final_answer`). For models like `gpt-5.3-codex` and beyond, when sending follow-up requests, preserve and resend phase on all assistant messages — dropping it can degrade performance. Not used for user messages."""


class EasyInputMessageParam(TypedDict, total=False):
    """A message input to the model with a role indicating instruction following hierarchy. Instructions given with the `developer` or `system` role take precedence over instructions given with the `user` role. Messages with the `assistant` role are presumed to have been generated by the model in previous interactions."""

    role: Required[Literal["user", "assistant", "system", "developer"]]
    """The role of the message input. One of `user`, `assistant`, `system`, or `developer`."""

    content: Required[EasyInputMessageContentParam]

    phase: MessagePhaseParam | None

    type: Literal["message"]
    """The type of the message input. Always `message`."""


EvalItemContentTextParam: TypeAlias = str
"""A text input to the model."""


class EvalItemContentOutputTextParam(TypedDict, total=False):
    """A text output from the model."""

    type: Required[Literal["output_text"]]
    """The type of the output text. Always `output_text`."""

    text: Required[str]
    """The text output from the model."""


class EvalItemInputImageParam(TypedDict, total=False):
    """An image input block used within EvalItem content arrays."""

    type: Required[Literal["input_image"]]
    """The type of the image input. Always `input_image`."""

    image_url: Required[str]
    """The URL of the image input."""

    detail: str
    """The detail level of the image to be sent to the model. One of `high`, `low`, or `auto`. Defaults to `auto`."""


class InputAudioDataParam(TypedDict, total=False):
    """InputAudioData"""

    data: Required[str]
    """Base64-encoded audio data."""

    format: Required[Literal["mp3", "wav"]]
    """The format of the audio data. Currently supported formats are `mp3` and `wav`."""


class InputAudioParam(TypedDict, total=False):
    """An audio input to the model."""

    type: Required[Literal["input_audio"]]
    """The type of the input item. Always `input_audio`."""

    input_audio: Required[InputAudioDataParam]


EvalItemContentItemParam: TypeAlias = (
    EvalItemContentTextParam
    | InputTextContentParam
    | EvalItemContentOutputTextParam
    | EvalItemInputImageParam
    | InputAudioParam
)
"""A single content item: input text, output text, input image, or input audio."""


EvalItemContentArrayParam: TypeAlias = list[EvalItemContentItemParam]
"""A list of inputs, each of which may be either an input text, output text, input image, or input audio object."""


EvalItemContentParam: TypeAlias = EvalItemContentItemParam | EvalItemContentArrayParam
"""Inputs to the model - can contain template strings. Supports text, output text, input images, and input audio, either as a single item or an array of items."""


class EvalItemParam(TypedDict, total=False):
    """A message input to the model with a role indicating instruction following hierarchy. Instructions given with the `developer` or `system` role take precedence over instructions given with the `user` role. Messages with the `assistant` role are presumed to have been generated by the model in previous interactions."""

    role: Required[Literal["user", "assistant", "system", "developer"]]
    """The role of the message input. One of `user`, `assistant`, `system`, or `developer`."""

    content: Required[EvalItemContentParam]

    type: Literal["message"]
    """The type of the message input. Always `message`."""


CompletionsTemplateMessageParam: TypeAlias = EasyInputMessageParam | EvalItemParam
"""CompletionsTemplateMessage"""


class CompletionsTemplateInputMessagesParam(TypedDict, total=False):
    """CompletionsTemplateInputMessages"""

    type: Required[Literal["template"]]
    """The type of input messages. Always `template`."""

    template: Required[list[CompletionsTemplateMessageParam]]
    """A list of chat messages forming the prompt or context. May include variable references to the `item` namespace, ie {{item.name}}."""


class ItemReferenceInputMessagesParam(TypedDict, total=False):
    """ItemReferenceInputMessages"""

    type: Required[Literal["item_reference"]]
    """The type of input messages. Always `item_reference`."""

    item_reference: Required[str]
    """A reference to a variable in the `item` namespace. Ie, "item.input_trajectory"""


CompletionsInputMessagesParam: TypeAlias = (
    CompletionsTemplateInputMessagesParam | ItemReferenceInputMessagesParam
)
"""Used when sampling from a model. Dictates the structure of the messages passed into the model. Can either be a reference to a prebuilt trajectory (ie, `item.input_trajectory`), or a template with variable references to the `item` namespace."""


ReasoningEffortParam: TypeAlias = (
    Literal["none", "minimal", "low", "medium", "high", "xhigh", "max"] | None
)
"""ReasoningEffort"""


class ResponseFormatTextParam(TypedDict, total=False):
    """Default response format. Used to generate text responses."""

    type: Required[Literal["text"]]
    """The type of response format being defined. Always `text`."""


ResponseFormatJsonSchemaSchemaParam: TypeAlias = dict[str, Any]
"""The schema for the response format, described as a JSON Schema object. Learn how to build JSON schemas [here](https://json-schema.org/)."""


class ResponseFormatJsonSchemaConfigParam(TypedDict, total=False):
    """Structured Outputs configuration options, including a JSON Schema."""

    description: str
    """A description of what the response format is for, used by the model to determine how to respond in the format."""

    name: Required[str]
    """The name of the response format. Must be a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64."""

    schema: ResponseFormatJsonSchemaSchemaParam

    strict: bool | None
    """Whether to enable strict schema adherence when generating the output. If set to true, the model will always follow the exact schema defined in the `schema` field. Only a subset of JSON Schema is supported when `strict` is `true`. To learn more, read the [Structured Outputs guide](/docs/guides/structured-outputs)."""


class ResponseFormatJsonSchemaParam(TypedDict, total=False):
    """JSON Schema response format. Used to generate structured JSON responses. Learn more about [Structured Outputs](/docs/guides/structured-outputs)."""

    type: Required[Literal["json_schema"]]
    """The type of response format being defined. Always `json_schema`."""

    json_schema: Required[ResponseFormatJsonSchemaConfigParam]


class ResponseFormatJsonObjectParam(TypedDict, total=False):
    """JSON object response format. An older method of generating JSON responses. Using `json_schema` is recommended for models that support it. Note that the model will not generate JSON without a system or user message instructing it to do so."""

    type: Required[Literal["json_object"]]
    """The type of response format being defined. Always `json_object`."""


CompletionsResponseFormatParam: TypeAlias = (
    ResponseFormatTextParam
    | ResponseFormatJsonSchemaParam
    | ResponseFormatJsonObjectParam
)
"""An object specifying the format that the model must output. Setting to `{ "type": "json_schema", "json_schema": {...} }` enables Structured Outputs which ensures the model will match your supplied JSON schema. Learn more in the [Structured Outputs guide](/docs/guides/structured-outputs). Setting to `{ "type": "json_object" }` enables the older JSON mode, which ensures the message the model generates is valid JSON. Using `json_schema` is preferred for models that support it."""


ToolDefinitionParam: TypeAlias = dict[str, Any]
"""A tool the model may call (function, web search, file search, ...), as the API defines it. Kept free-form; `type` names the tool."""


class CompletionsSamplingParamsParam(TypedDict, total=False):
    """CompletionsSamplingParams"""

    reasoning_effort: ReasoningEffortParam

    temperature: float
    """A higher temperature increases randomness in the outputs."""

    max_completion_tokens: int
    """The maximum number of tokens in the generated output."""

    top_p: float
    """An alternative to temperature for nucleus sampling; 1.0 includes all tokens."""

    seed: int
    """A seed value to initialize the randomness, during sampling."""

    response_format: CompletionsResponseFormatParam

    tools: list[ToolDefinitionParam]
    """A list of tools the model may call. Currently, only functions are supported as a tool. Use this to provide a list of functions the model may generate JSON inputs for. A max of 128 functions are supported."""


class EvalStoredCompletionsSourceParam(TypedDict, total=False):
    """A StoredCompletionsRunDataSource configuration describing a set of filters"""

    type: Required[Literal["stored_completions"]]
    """The type of source. Always `stored_completions`."""

    metadata: MetadataParam

    model: str | None
    """An optional model to filter by (e.g., 'gpt-4o')."""

    created_after: int | None
    """An optional Unix timestamp to filter items created after this time."""

    created_before: int | None
    """An optional Unix timestamp to filter items created before this time."""

    limit: int | None
    """An optional maximum number of items to return."""


CompletionsRunSourceParam: TypeAlias = (
    EvalJsonlFileContentSourceParam
    | EvalJsonlFileIdSourceParam
    | EvalStoredCompletionsSourceParam
)
"""Determines what populates the `item` namespace in this run's data source."""


class CreateEvalCompletionsRunDataSourceParam(TypedDict, total=False):
    """A CompletionsRunDataSource object describing a model sampling configuration."""

    type: Required[Literal["completions"]]
    """The type of run data source. Always `completions`."""

    input_messages: CompletionsInputMessagesParam

    sampling_params: CompletionsSamplingParamsParam | None

    model: str
    """The name of the model to use for generating completions (e.g. "o3-mini")."""

    source: Required[CompletionsRunSourceParam]


class ChatMessageParam(TypedDict, total=False):
    """ChatMessage"""

    role: Required[str]
    """The role of the message (e.g. "system", "assistant", "user")."""

    content: Required[str]
    """The content of the message."""


ResponsesTemplateMessageParam: TypeAlias = ChatMessageParam | EvalItemParam
"""ResponsesTemplateMessage"""


class ResponsesTemplateInputMessagesParam(TypedDict, total=False):
    """ResponsesTemplateInputMessages"""

    type: Required[Literal["template"]]
    """The type of input messages. Always `template`."""

    template: Required[list[ResponsesTemplateMessageParam]]
    """A list of chat messages forming the prompt or context. May include variable references to the `item` namespace, ie {{item.name}}."""


ResponsesInputMessagesParam: TypeAlias = (
    ResponsesTemplateInputMessagesParam | ItemReferenceInputMessagesParam
)
"""Used when sampling from a model. Dictates the structure of the messages passed into the model. Can either be a reference to a prebuilt trajectory (ie, `item.input_trajectory`), or a template with variable references to the `item` namespace."""


class TextResponseFormatJsonSchemaParam(TypedDict, total=False):
    """JSON Schema response format. Used to generate structured JSON responses. Learn more about [Structured Outputs](/docs/guides/structured-outputs)."""

    type: Required[Literal["json_schema"]]
    """The type of response format being defined. Always `json_schema`."""

    description: str
    """A description of what the response format is for, used by the model to determine how to respond in the format."""

    name: Required[str]
    """The name of the response format. Must be a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64."""

    schema: Required[ResponseFormatJsonSchemaSchemaParam]

    strict: bool | None
    """Whether to enable strict schema adherence when generating the output. If set to true, the model will always follow the exact schema defined in the `schema` field. Only a subset of JSON Schema is supported when `strict` is `true`. To learn more, read the [Structured Outputs guide](/docs/guides/structured-outputs)."""


TextResponseFormatConfigurationParam: TypeAlias = (
    ResponseFormatTextParam
    | TextResponseFormatJsonSchemaParam
    | ResponseFormatJsonObjectParam
)
"""An object specifying the format that the model must output. Configuring `{ "type": "json_schema" }` enables Structured Outputs, which ensures the model will match your supplied JSON schema. Learn more in the [Structured Outputs guide](/docs/guides/structured-outputs). The default format is `{ "type": "text" }` with no additional options. **Not recommended for gpt-4o and newer models:** Setting to `{ "type": "json_object" }` enables the older JSON mode, which ensures the message the model generates is valid JSON. Using `json_schema` is preferred for models that support it."""


class ResponsesTextConfigParam(TypedDict, total=False):
    """Configuration options for a text response from the model. Can be plain text or structured JSON data. Learn more: - [Text inputs and outputs](/docs/guides/text) - [Structured Outputs](/docs/guides/structured-outputs)"""

    format: TextResponseFormatConfigurationParam


class ResponsesSamplingParamsParam(TypedDict, total=False):
    """ResponsesSamplingParams"""

    reasoning_effort: ReasoningEffortParam

    temperature: float
    """A higher temperature increases randomness in the outputs."""

    max_completion_tokens: int
    """The maximum number of tokens in the generated output."""

    top_p: float
    """An alternative to temperature for nucleus sampling; 1.0 includes all tokens."""

    seed: int
    """A seed value to initialize the randomness, during sampling."""

    tools: list[ToolDefinitionParam]
    """An array of tools the model may call while generating a response. You can specify which tool to use by setting the `tool_choice` parameter. The two categories of tools you can provide the model are: - **Built-in tools**: Tools that are provided by OpenAI that extend the model's capabilities, like [web search](/docs/guides/tools-web-search) or [file search](/docs/guides/tools-file-search). Learn more about [built-in tools](/docs/guides/tools). - **Function calls (custom tools)**: Functions that are defined by you, enabling the model to call your own code. Learn more about [function calling](/docs/guides/function-calling)."""

    text: ResponsesTextConfigParam


class EvalResponsesSourceParam(TypedDict, total=False):
    """A EvalResponsesSource object describing a run data source configuration."""

    type: Required[Literal["responses"]]
    """The type of run data source. Always `responses`."""

    metadata: dict[str, Any] | None
    """Metadata filter for the responses. This is a query parameter used to select responses."""

    model: str | None
    """The name of the model to find responses for. This is a query parameter used to select responses."""

    instructions_search: str | None
    """Optional string to search the 'instructions' field. This is a query parameter used to select responses."""

    created_after: int | None
    """Only include items created after this timestamp (inclusive). This is a query parameter used to select responses."""

    created_before: int | None
    """Only include items created before this timestamp (inclusive). This is a query parameter used to select responses."""

    reasoning_effort: ReasoningEffortParam | None
    """Optional reasoning effort parameter. This is a query parameter used to select responses."""

    temperature: float | None
    """Sampling temperature. This is a query parameter used to select responses."""

    top_p: float | None
    """Nucleus sampling parameter. This is a query parameter used to select responses."""

    users: list[str] | None
    """List of user identifiers. This is a query parameter used to select responses."""

    tools: list[str] | None
    """List of tool names. This is a query parameter used to select responses."""


ResponsesRunSourceParam: TypeAlias = (
    EvalJsonlFileContentSourceParam
    | EvalJsonlFileIdSourceParam
    | EvalResponsesSourceParam
)
"""Determines what populates the `item` namespace in this run's data source."""


class CreateEvalResponsesRunDataSourceParam(TypedDict, total=False):
    """A ResponsesRunDataSource object describing a model sampling configuration."""

    type: Required[Literal["responses"]]
    """The type of run data source. Always `responses`."""

    input_messages: ResponsesInputMessagesParam

    sampling_params: ResponsesSamplingParamsParam | None

    model: str
    """The name of the model to use for generating completions (e.g. "o3-mini")."""

    source: Required[ResponsesRunSourceParam]


CreateEvalRunDataSourceParam: TypeAlias = (
    CreateEvalJsonlRunDataSourceParam
    | CreateEvalCompletionsRunDataSourceParam
    | CreateEvalResponsesRunDataSourceParam
)
"""Details about the run's data source."""


class CreateEvalRunRequestParam(TypedDict, total=False):
    """CreateEvalRunRequest"""

    name: str
    """The name of the run."""

    metadata: MetadataParam

    data_source: Required[CreateEvalRunDataSourceParam]
