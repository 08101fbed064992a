from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_eval_responses_run_data_source_type import (
    CreateEvalResponsesRunDataSourceType,
    check_create_eval_responses_run_data_source_type,
)

if TYPE_CHECKING:
    from ..models.eval_jsonl_file_content_source import EvalJsonlFileContentSource
    from ..models.eval_jsonl_file_id_source import EvalJsonlFileIdSource
    from ..models.eval_responses_source import EvalResponsesSource
    from ..models.item_reference_input_messages import ItemReferenceInputMessages
    from ..models.responses_sampling_params import ResponsesSamplingParams
    from ..models.responses_template_input_messages import (
        ResponsesTemplateInputMessages,
    )


T = TypeVar("T", bound="CreateEvalResponsesRunDataSource")


@_attrs_define
class CreateEvalResponsesRunDataSource:
    """A ResponsesRunDataSource object describing a model sampling configuration.

    Attributes:
        type_ (CreateEvalResponsesRunDataSourceType): The type of run data source. Always `responses`. Default:
            'responses'.
        source (EvalJsonlFileContentSource | EvalJsonlFileIdSource | EvalResponsesSource): Determines what populates the
            `item` namespace in this run's data source.
        input_messages (ItemReferenceInputMessages | ResponsesTemplateInputMessages | None): Used when sampling from a
            model. Dictates the structure of the messages passed into the model. Can either be a reference to a prebuilt
            trajectory (ie, `item.input_trajectory`), or a template with variable references to the `item` namespace.
        sampling_params (ResponsesSamplingParams | None):
        model (str | None): The name of the model to use for generating completions (e.g. "o3-mini").
    """

    source: EvalJsonlFileContentSource | EvalJsonlFileIdSource | EvalResponsesSource
    type_: CreateEvalResponsesRunDataSourceType = "responses"
    input_messages: (
        ItemReferenceInputMessages | ResponsesTemplateInputMessages | None
    ) = None
    sampling_params: ResponsesSamplingParams | None = None
    model: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        from ..models.eval_jsonl_file_content_source import EvalJsonlFileContentSource
        from ..models.eval_jsonl_file_id_source import EvalJsonlFileIdSource
        from ..models.responses_sampling_params import ResponsesSamplingParams
        from ..models.responses_template_input_messages import (
            ResponsesTemplateInputMessages,
        )

        type_: str = self.type_

        source: dict[str, Any]
        if isinstance(self.source, EvalJsonlFileContentSource) or isinstance(
            self.source, EvalJsonlFileIdSource
        ):
            source = self.source.to_dict()
        else:
            source = self.source.to_dict()

        input_messages: dict[str, Any] | None
        if self.input_messages is None:
            input_messages = None
        elif isinstance(self.input_messages, ResponsesTemplateInputMessages):
            input_messages = self.input_messages.to_dict()
        else:
            input_messages = self.input_messages.to_dict()

        sampling_params: dict[str, Any] | None
        if self.sampling_params is None:
            sampling_params = None
        elif isinstance(self.sampling_params, ResponsesSamplingParams):
            sampling_params = self.sampling_params.to_dict()
        else:
            sampling_params = self.sampling_params

        model = self.model

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "source": source,
            }
        )
        if input_messages is not None:
            field_dict["input_messages"] = input_messages
        if sampling_params is not None:
            field_dict["sampling_params"] = sampling_params
        if model is not None:
            field_dict["model"] = model

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.eval_jsonl_file_content_source import EvalJsonlFileContentSource
        from ..models.eval_jsonl_file_id_source import EvalJsonlFileIdSource
        from ..models.eval_responses_source import EvalResponsesSource
        from ..models.item_reference_input_messages import ItemReferenceInputMessages
        from ..models.responses_sampling_params import ResponsesSamplingParams
        from ..models.responses_template_input_messages import (
            ResponsesTemplateInputMessages,
        )

        d = dict(src_dict)
        type_ = check_create_eval_responses_run_data_source_type(d.pop("type"))

        def _parse_source(
            data: object,
        ) -> EvalJsonlFileContentSource | EvalJsonlFileIdSource | EvalResponsesSource:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_responses_run_source_type_0 = (
                    EvalJsonlFileContentSource.from_dict(data)
                )

                return componentsschemas_responses_run_source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_responses_run_source_type_1 = (
                    EvalJsonlFileIdSource.from_dict(data)
                )

                return componentsschemas_responses_run_source_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_responses_run_source_type_2 = (
                EvalResponsesSource.from_dict(data)
            )

            return componentsschemas_responses_run_source_type_2

        source = _parse_source(d.pop("source"))

        def _parse_input_messages(
            data: object,
        ) -> ItemReferenceInputMessages | ResponsesTemplateInputMessages | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_responses_input_messages_type_0 = (
                    ResponsesTemplateInputMessages.from_dict(data)
                )

                return componentsschemas_responses_input_messages_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_responses_input_messages_type_1 = (
                ItemReferenceInputMessages.from_dict(data)
            )

            return componentsschemas_responses_input_messages_type_1

        input_messages = _parse_input_messages(d.pop("input_messages", None))

        def _parse_sampling_params(data: object) -> ResponsesSamplingParams | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sampling_params_type_0 = ResponsesSamplingParams.from_dict(data)

                return sampling_params_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ResponsesSamplingParams | None, data)

        sampling_params = _parse_sampling_params(d.pop("sampling_params", None))

        model = d.pop("model", None)

        create_eval_responses_run_data_source = cls(
            type_=type_,
            source=source,
            input_messages=input_messages,
            sampling_params=sampling_params,
            model=model,
        )

        create_eval_responses_run_data_source.additional_properties = d
        return create_eval_responses_run_data_source

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
