from typing import Literal

CompletionsTemplateInputMessagesType = Literal["template"]

COMPLETIONS_TEMPLATE_INPUT_MESSAGES_TYPE_VALUES: set[
    CompletionsTemplateInputMessagesType
] = {
    "template",
}


def check_completions_template_input_messages_type(
    value: str,
) -> CompletionsTemplateInputMessagesType:
    if value in COMPLETIONS_TEMPLATE_INPUT_MESSAGES_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {COMPLETIONS_TEMPLATE_INPUT_MESSAGES_TYPE_VALUES!r}"
    )
