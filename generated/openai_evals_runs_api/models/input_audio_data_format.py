from typing import Literal

InputAudioDataFormat = Literal["mp3", "wav"]

INPUT_AUDIO_DATA_FORMAT_VALUES: set[InputAudioDataFormat] = {
    "mp3",
    "wav",
}


def check_input_audio_data_format(value: str) -> InputAudioDataFormat:
    if value in INPUT_AUDIO_DATA_FORMAT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {INPUT_AUDIO_DATA_FORMAT_VALUES!r}"
    )
