from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.eval_run_object import EvalRunObject, check_eval_run_object

if TYPE_CHECKING:
    from ..models.create_eval_completions_run_data_source import (
        CreateEvalCompletionsRunDataSource,
    )
    from ..models.create_eval_jsonl_run_data_source import CreateEvalJsonlRunDataSource
    from ..models.create_eval_responses_run_data_source import (
        CreateEvalResponsesRunDataSource,
    )
    from ..models.eval_api_error import EvalApiError
    from ..models.eval_run_model_usage import EvalRunModelUsage
    from ..models.eval_run_result_counts import EvalRunResultCounts
    from ..models.eval_run_testing_criteria_result import EvalRunTestingCriteriaResult
    from ..models.metadata_type_0 import MetadataType0


T = TypeVar("T", bound="EvalRun")


@_attrs_define
class EvalRun:
    """A schema representing an evaluation run.

    Attributes:
        object_ (EvalRunObject): The type of the object. Always "eval.run". Default: 'eval.run'.
        id (str): Unique identifier for the evaluation run.
        eval_id (str): The identifier of the associated evaluation.
        status (str): The status of the evaluation run.
        model (str): The model that is evaluated, if applicable.
        name (str): The name of the evaluation run.
        created_at (int): Unix timestamp (in seconds) when the evaluation run was created.
        report_url (str): The URL to the rendered evaluation run report on the UI dashboard.
        result_counts (EvalRunResultCounts): Counters summarizing the outcomes of the evaluation run.
        per_model_usage (list[EvalRunModelUsage] | None): Usage statistics for each model during the evaluation run.
        per_testing_criteria_results (list[EvalRunTestingCriteriaResult] | None): Results per testing criteria applied
            during the evaluation run.
        data_source (CreateEvalCompletionsRunDataSource | CreateEvalJsonlRunDataSource |
            CreateEvalResponsesRunDataSource): Information about the run's data source.
        metadata (MetadataType0 | None):
        error (EvalApiError | None):
    """

    id: str
    eval_id: str
    status: str
    model: str
    name: str
    created_at: int
    report_url: str
    result_counts: EvalRunResultCounts
    per_model_usage: list[EvalRunModelUsage] | None
    per_testing_criteria_results: list[EvalRunTestingCriteriaResult] | None
    data_source: (
        CreateEvalCompletionsRunDataSource
        | CreateEvalJsonlRunDataSource
        | CreateEvalResponsesRunDataSource
    )
    metadata: MetadataType0 | None
    error: EvalApiError | None
    object_: EvalRunObject = "eval.run"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        from ..models.create_eval_completions_run_data_source import (
            CreateEvalCompletionsRunDataSource,
        )
        from ..models.create_eval_jsonl_run_data_source import (
            CreateEvalJsonlRunDataSource,
        )
        from ..models.eval_api_error import EvalApiError
        from ..models.metadata_type_0 import MetadataType0

        object_: str = self.object_

        id = self.id

        eval_id = self.eval_id

        status = self.status

        model = self.model

        name = self.name

        created_at = self.created_at

        report_url = self.report_url

        result_counts = self.result_counts.to_dict()

        per_model_usage: list[dict[str, Any]] | None
        if isinstance(self.per_model_usage, list):
            per_model_usage = []
            for per_model_usage_type_0_item_data in self.per_model_usage:
                per_model_usage_type_0_item = per_model_usage_type_0_item_data.to_dict()
                per_model_usage.append(per_model_usage_type_0_item)

        else:
            per_model_usage = self.per_model_usage

        per_testing_criteria_results: list[dict[str, Any]] | None
        if isinstance(self.per_testing_criteria_results, list):
            per_testing_criteria_results = []
            for (
                per_testing_criteria_results_type_0_item_data
            ) in self.per_testing_criteria_results:
                per_testing_criteria_results_type_0_item = (
                    per_testing_criteria_results_type_0_item_data.to_dict()
                )
                per_testing_criteria_results.append(
                    per_testing_criteria_results_type_0_item
                )

        else:
            per_testing_criteria_results = self.per_testing_criteria_results

        data_source: dict[str, Any]
        if isinstance(self.data_source, CreateEvalJsonlRunDataSource) or isinstance(
            self.data_source, CreateEvalCompletionsRunDataSource
        ):
            data_source = self.data_source.to_dict()
        else:
            data_source = self.data_source.to_dict()

        metadata: dict[str, Any] | None
        if isinstance(self.metadata, MetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        error: dict[str, Any] | None
        if isinstance(self.error, EvalApiError):
            error = self.error.to_dict()
        else:
            error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "id": id,
                "eval_id": eval_id,
                "status": status,
                "model": model,
                "name": name,
                "created_at": created_at,
                "report_url": report_url,
                "result_counts": result_counts,
                "per_model_usage": per_model_usage,
                "per_testing_criteria_results": per_testing_criteria_results,
                "data_source": data_source,
                "metadata": metadata,
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.create_eval_completions_run_data_source import (
            CreateEvalCompletionsRunDataSource,
        )
        from ..models.create_eval_jsonl_run_data_source import (
            CreateEvalJsonlRunDataSource,
        )
        from ..models.create_eval_responses_run_data_source import (
            CreateEvalResponsesRunDataSource,
        )
        from ..models.eval_api_error import EvalApiError
        from ..models.eval_run_model_usage import EvalRunModelUsage
        from ..models.eval_run_result_counts import EvalRunResultCounts
        from ..models.eval_run_testing_criteria_result import (
            EvalRunTestingCriteriaResult,
        )
        from ..models.metadata_type_0 import MetadataType0

        d = dict(src_dict)
        object_ = check_eval_run_object(d.pop("object"))

        id = d.pop("id")

        eval_id = d.pop("eval_id")

        status = d.pop("status")

        model = d.pop("model")

        name = d.pop("name")

        created_at = d.pop("created_at")

        report_url = d.pop("report_url")

        result_counts = EvalRunResultCounts.from_dict(d.pop("result_counts"))

        def _parse_per_model_usage(data: object) -> list[EvalRunModelUsage] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                per_model_usage_type_0 = []
                _per_model_usage_type_0 = data
                for per_model_usage_type_0_item_data in _per_model_usage_type_0:
                    per_model_usage_type_0_item = EvalRunModelUsage.from_dict(
                        per_model_usage_type_0_item_data
                    )

                    per_model_usage_type_0.append(per_model_usage_type_0_item)

                return per_model_usage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[EvalRunModelUsage] | None, data)

        per_model_usage = _parse_per_model_usage(d.pop("per_model_usage"))

        def _parse_per_testing_criteria_results(
            data: object,
        ) -> list[EvalRunTestingCriteriaResult] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                per_testing_criteria_results_type_0 = []
                _per_testing_criteria_results_type_0 = data
                for (
                    per_testing_criteria_results_type_0_item_data
                ) in _per_testing_criteria_results_type_0:
                    per_testing_criteria_results_type_0_item = (
                        EvalRunTestingCriteriaResult.from_dict(
                            per_testing_criteria_results_type_0_item_data
                        )
                    )

                    per_testing_criteria_results_type_0.append(
                        per_testing_criteria_results_type_0_item
                    )

                return per_testing_criteria_results_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[EvalRunTestingCriteriaResult] | None, data)

        per_testing_criteria_results = _parse_per_testing_criteria_results(
            d.pop("per_testing_criteria_results")
        )

        def _parse_data_source(
            data: object,
        ) -> (
            CreateEvalCompletionsRunDataSource
            | CreateEvalJsonlRunDataSource
            | CreateEvalResponsesRunDataSource
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_eval_run_data_source_type_0 = (
                    CreateEvalJsonlRunDataSource.from_dict(data)
                )

                return componentsschemas_eval_run_data_source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_eval_run_data_source_type_1 = (
                    CreateEvalCompletionsRunDataSource.from_dict(data)
                )

                return componentsschemas_eval_run_data_source_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_eval_run_data_source_type_2 = (
                CreateEvalResponsesRunDataSource.from_dict(data)
            )

            return componentsschemas_eval_run_data_source_type_2

        data_source = _parse_data_source(d.pop("data_source"))

        def _parse_metadata(data: object) -> MetadataType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_metadata_type_0 = MetadataType0.from_dict(data)

                return componentsschemas_metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MetadataType0 | None, data)

        metadata = _parse_metadata(d.pop("metadata"))

        def _parse_error(data: object) -> EvalApiError | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = EvalApiError.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EvalApiError | None, data)

        error = _parse_error(d.pop("error"))

        eval_run = cls(
            object_=object_,
            id=id,
            eval_id=eval_id,
            status=status,
            model=model,
            name=name,
            created_at=created_at,
            report_url=report_url,
            result_counts=result_counts,
            per_model_usage=per_model_usage,
            per_testing_criteria_results=per_testing_criteria_results,
            data_source=data_source,
            metadata=metadata,
            error=error,
        )

        eval_run.additional_properties = d
        return eval_run

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
