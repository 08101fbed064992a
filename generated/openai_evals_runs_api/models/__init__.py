"""Contains all the data models used in inputs/outputs"""

from .chat_message import ChatMessage
from .completions_sampling_params import CompletionsSamplingParams
from .completions_template_input_messages import CompletionsTemplateInputMessages
from .completions_template_input_messages_type import (
    CompletionsTemplateInputMessagesType,
)
from .create_eval_completions_run_data_source import CreateEvalCompletionsRunDataSource
from .create_eval_completions_run_data_source_type import (
    CreateEvalCompletionsRunDataSourceType,
)
from .create_eval_jsonl_run_data_source import CreateEvalJsonlRunDataSource
from .create_eval_jsonl_run_data_source_type import CreateEvalJsonlRunDataSourceType
from .create_eval_responses_run_data_source import CreateEvalResponsesRunDataSource
from .create_eval_responses_run_data_source_type import (
    CreateEvalResponsesRunDataSourceType,
)
from .create_eval_run_request import CreateEvalRunRequest
from .easy_input_message import EasyInputMessage
from .easy_input_message_role import EasyInputMessageRole
from .easy_input_message_type import EasyInputMessageType
from .error import Error
from .error_response import ErrorResponse
from .eval_api_error import EvalApiError
from .eval_item import EvalItem
from .eval_item_content_output_text import EvalItemContentOutputText
from .eval_item_content_output_text_type import EvalItemContentOutputTextType
from .eval_item_input_image import EvalItemInputImage
from .eval_item_input_image_type import EvalItemInputImageType
from .eval_item_role import EvalItemRole
from .eval_item_type import EvalItemType
from .eval_jsonl_file_content_item import EvalJsonlFileContentItem
from .eval_jsonl_file_content_item_item import EvalJsonlFileContentItemItem
from .eval_jsonl_file_content_item_sample import EvalJsonlFileContentItemSample
from .eval_jsonl_file_content_source import EvalJsonlFileContentSource
from .eval_jsonl_file_content_source_type import EvalJsonlFileContentSourceType
from .eval_jsonl_file_id_source import EvalJsonlFileIdSource
from .eval_jsonl_file_id_source_type import EvalJsonlFileIdSourceType
from .eval_responses_source import EvalResponsesSource
from .eval_responses_source_metadata_type_0 import EvalResponsesSourceMetadataType0
from .eval_responses_source_type import EvalResponsesSourceType
from .eval_run import EvalRun
from .eval_run_list import EvalRunList
from .eval_run_list_object import EvalRunListObject
from .eval_run_model_usage import EvalRunModelUsage
from .eval_run_object import EvalRunObject
from .eval_run_result_counts import EvalRunResultCounts
from .eval_run_testing_criteria_result import EvalRunTestingCriteriaResult
from .eval_stored_completions_source import EvalStoredCompletionsSource
from .eval_stored_completions_source_type import EvalStoredCompletionsSourceType
from .file_input_detail import FileInputDetail
from .get_eval_runs_order import GetEvalRunsOrder
from .get_eval_runs_status import GetEvalRunsStatus
from .image_detail import ImageDetail
from .input_audio import InputAudio
from .input_audio_data import InputAudioData
from .input_audio_data_format import InputAudioDataFormat
from .input_audio_type import InputAudioType
from .input_file_content import InputFileContent
from .input_file_content_type import InputFileContentType
from .input_image_content import InputImageContent
from .input_image_content_type import InputImageContentType
from .input_text_content import InputTextContent
from .input_text_content_type import InputTextContentType
from .item_reference_input_messages import ItemReferenceInputMessages
from .item_reference_input_messages_type import ItemReferenceInputMessagesType
from .message_phase import MessagePhase
from .metadata_type_0 import MetadataType0
from .prompt_cache_breakpoint_config import PromptCacheBreakpointConfig
from .prompt_cache_breakpoint_config_mode import PromptCacheBreakpointConfigMode
from .reasoning_effort_type_0 import ReasoningEffortType0
from .response_format_json_object import ResponseFormatJsonObject
from .response_format_json_object_type import ResponseFormatJsonObjectType
from .response_format_json_schema import ResponseFormatJsonSchema
from .response_format_json_schema_config import ResponseFormatJsonSchemaConfig
from .response_format_json_schema_schema import ResponseFormatJsonSchemaSchema
from .response_format_json_schema_type import ResponseFormatJsonSchemaType
from .response_format_text import ResponseFormatText
from .response_format_text_type import ResponseFormatTextType
from .responses_sampling_params import ResponsesSamplingParams
from .responses_template_input_messages import ResponsesTemplateInputMessages
from .responses_template_input_messages_type import ResponsesTemplateInputMessagesType
from .responses_text_config import ResponsesTextConfig
from .text_response_format_json_schema import TextResponseFormatJsonSchema
from .text_response_format_json_schema_type import TextResponseFormatJsonSchemaType
from .tool_definition import ToolDefinition

__all__ = (
    "ChatMessage",
    "CompletionsSamplingParams",
    "CompletionsTemplateInputMessages",
    "CompletionsTemplateInputMessagesType",
    "CreateEvalCompletionsRunDataSource",
    "CreateEvalCompletionsRunDataSourceType",
    "CreateEvalJsonlRunDataSource",
    "CreateEvalJsonlRunDataSourceType",
    "CreateEvalResponsesRunDataSource",
    "CreateEvalResponsesRunDataSourceType",
    "CreateEvalRunRequest",
    "EasyInputMessage",
    "EasyInputMessageRole",
    "EasyInputMessageType",
    "Error",
    "ErrorResponse",
    "EvalApiError",
    "EvalItem",
    "EvalItemContentOutputText",
    "EvalItemContentOutputTextType",
    "EvalItemInputImage",
    "EvalItemInputImageType",
    "EvalItemRole",
    "EvalItemType",
    "EvalJsonlFileContentItem",
    "EvalJsonlFileContentItemItem",
    "EvalJsonlFileContentItemSample",
    "EvalJsonlFileContentSource",
    "EvalJsonlFileContentSourceType",
    "EvalJsonlFileIdSource",
    "EvalJsonlFileIdSourceType",
    "EvalResponsesSource",
    "EvalResponsesSourceMetadataType0",
    "EvalResponsesSourceType",
    "EvalRun",
    "EvalRunList",
    "EvalRunListObject",
    "EvalRunModelUsage",
    "EvalRunObject",
    "EvalRunResultCounts",
    "EvalRunTestingCriteriaResult",
    "EvalStoredCompletionsSource",
    "EvalStoredCompletionsSourceType",
    "FileInputDetail",
    "GetEvalRunsOrder",
    "GetEvalRunsStatus",
    "ImageDetail",
    "InputAudio",
    "InputAudioData",
    "InputAudioDataFormat",
    "InputAudioType",
    "InputFileContent",
    "InputFileContentType",
    "InputImageContent",
    "InputImageContentType",
    "InputTextContent",
    "InputTextContentType",
    "ItemReferenceInputMessages",
    "ItemReferenceInputMessagesType",
    "MessagePhase",
    "MetadataType0",
    "PromptCacheBreakpointConfig",
    "PromptCacheBreakpointConfigMode",
    "ReasoningEffortType0",
    "ResponseFormatJsonObject",
    "ResponseFormatJsonObjectType",
    "ResponseFormatJsonSchema",
    "ResponseFormatJsonSchemaConfig",
    "ResponseFormatJsonSchemaSchema",
    "ResponseFormatJsonSchemaType",
    "ResponseFormatText",
    "ResponseFormatTextType",
    "ResponsesSamplingParams",
    "ResponsesTemplateInputMessages",
    "ResponsesTemplateInputMessagesType",
    "ResponsesTextConfig",
    "TextResponseFormatJsonSchema",
    "TextResponseFormatJsonSchemaType",
    "ToolDefinition",
)
