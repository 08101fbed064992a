from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_eval_completions_run_data_source_type import (
    CreateEvalCompletionsRunDataSourceType,
    check_create_eval_completions_run_data_source_type,
)

if TYPE_CHECKING:
    from ..models.completions_sampling_params import CompletionsSamplingParams
    from ..models.completions_template_input_messages import (
        CompletionsTemplateInputMessages,
    )
    from ..models.eval_jsonl_file_content_source import EvalJsonlFileContentSource
    from ..models.eval_jsonl_file_id_source import EvalJsonlFileIdSource
    from ..models.eval_stored_completions_source import EvalStoredCompletionsSource
    from ..models.item_reference_input_messages import ItemReferenceInputMessages


T = TypeVar("T", bound="CreateEvalCompletionsRunDataSource")


@_attrs_define
class CreateEvalCompletionsRunDataSource:
    """A CompletionsRunDataSource object describing a model sampling configuration.

    Attributes:
        type_ (CreateEvalCompletionsRunDataSourceType): The type of run data source. Always `completions`. Default:
            'completions'.
        source (EvalJsonlFileContentSource | EvalJsonlFileIdSource | EvalStoredCompletionsSource): Determines what
            populates the `item` namespace in this run's data source.
        input_messages (CompletionsTemplateInputMessages | ItemReferenceInputMessages | None): Used when sampling from a
            model. Dictates the structure of the messages passed into the model. Can either be a reference to a prebuilt
            trajectory (ie, `item.input_trajectory`), or a template with variable references to the `item` namespace.
        sampling_params (CompletionsSamplingParams | None):
        model (str | None): The name of the model to use for generating completions (e.g. "o3-mini").
    """

    source: (
        EvalJsonlFileContentSource | EvalJsonlFileIdSource | EvalStoredCompletionsSource
    )
    type_: CreateEvalCompletionsRunDataSourceType = "completions"
    input_messages: (
        CompletionsTemplateInputMessages | ItemReferenceInputMessages | None
    ) = None
    sampling_params: CompletionsSamplingParams | None = None
    model: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        from ..models.completions_sampling_params import CompletionsSamplingParams
        from ..models.completions_template_input_messages import (
            CompletionsTemplateInputMessages,
        )
        from ..models.eval_jsonl_file_content_source import EvalJsonlFileContentSource
        from ..models.eval_jsonl_file_id_source import EvalJsonlFileIdSource

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
        elif isinstance(self.input_messages, CompletionsTemplateInputMessages):
            input_messages = self.input_messages.to_dict()
        else:
            input_messages = self.input_messages.to_dict()

        sampling_params: dict[str, Any] | None
        if self.sampling_params is None:
            sampling_params = None
        elif isinstance(self.sampling_params, CompletionsSamplingParams):
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
        from ..models.completions_sampling_params import CompletionsSamplingParams
        from ..models.completions_template_input_messages import (
            CompletionsTemplateInputMessages,
        )
        from ..models.eval_jsonl_file_content_source import EvalJsonlFileContentSource
        from ..models.eval_jsonl_file_id_source import EvalJsonlFileIdSource
        from ..models.eval_stored_completions_source import EvalStoredCompletionsSource
        from ..models.item_reference_input_messages import ItemReferenceInputMessages

        d = dict(src_dict)
        type_ = check_create_eval_completions_run_data_source_type(d.pop("type"))

        def _parse_source(
            data: object,
        ) -> (
            EvalJsonlFileContentSource
            | EvalJsonlFileIdSource
            | EvalStoredCompletionsSource
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_completions_run_source_type_0 = (
                    EvalJsonlFileContentSource.from_dict(data)
                )

                return componentsschemas_completions_run_source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_completions_run_source_type_1 = (
                    EvalJsonlFileIdSource.from_dict(data)
                )

                return componentsschemas_completions_run_source_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_completions_run_source_type_2 = (
                EvalStoredCompletionsSource.from_dict(data)
            )

            return componentsschemas_completions_run_source_type_2

        source = _parse_source(d.pop("source"))

        def _parse_input_messages(
            data: object,
        ) -> CompletionsTemplateInputMessages | ItemReferenceInputMessages | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_completions_input_messages_type_0 = (
                    CompletionsTemplateInputMessages.from_dict(data)
                )

                return componentsschemas_completions_input_messages_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_completions_input_messages_type_1 = (
                ItemReferenceInputMessages.from_dict(data)
            )

            return componentsschemas_completions_input_messages_type_1

        input_messages = _parse_input_messages(d.pop("input_messages", None))

        def _parse_sampling_params(data: object) -> CompletionsSamplingParams | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sampling_params_type_0 = CompletionsSamplingParams.from_dict(data)

                return sampling_params_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CompletionsSamplingParams | None, data)

        sampling_params = _parse_sampling_params(d.pop("sampling_params", None))

        model = d.pop("model", None)

        create_eval_completions_run_data_source = cls(
            type_=type_,
            source=source,
            input_messages=input_messages,
            sampling_params=sampling_params,
            model=model,
        )

        create_eval_completions_run_data_source.additional_properties = d
        return create_eval_completions_run_data_source

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
