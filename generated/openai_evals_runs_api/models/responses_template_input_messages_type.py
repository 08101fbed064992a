from typing import Literal

ResponsesTemplateInputMessagesType = Literal["template"]

RESPONSES_TEMPLATE_INPUT_MESSAGES_TYPE_VALUES: set[
    ResponsesTemplateInputMessagesType
] = {
    "template",
}


def check_responses_template_input_messages_type(
    value: str,
) -> ResponsesTemplateInputMessagesType:
    if value in RESPONSES_TEMPLATE_INPUT_MESSAGES_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RESPONSES_TEMPLATE_INPUT_MESSAGES_TYPE_VALUES!r}"
    )
