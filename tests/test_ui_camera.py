"""The webcam scanner at its seams: real QR codes decoded off the UI thread, and no camera or no backend said
plainly. The physical camera cannot run here; everything after its frames does."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
import sys
import threading
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
import qrcode
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.core import tickets
from kiosk.ui import camera
from kiosk.ui.camera import (
    NO_BACKEND,
    NO_CAMERA,
    CameraScanner,
    CameraView,
    FrameDecoder,
    camera_availability,
    decode_image,
)

EVENT_ID = "3f1c6f0e-6a53-4c1e-9d0e-2b7a1f4c8e11"
TICKET_KEY = "5a" * 32
SECRET = "MFRGGZDFMZTWQ2LK"  # 10 bytes in base32, as Registrant.ticket_secret holds them
PAYLOAD = tickets.sign(EVENT_ID, TICKET_KEY, SECRET)
LIBPULSE_ERROR = "libpulse.so.0: cannot open shared object file: No such file or directory"


def qr_picture(text: str, *, box_size: int = 8) -> Image.Image:
    """A QR code as the ticket module draws it (error correction Q), on white."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, box_size=box_size, border=4)
    code.add_data(text)
    return code.make_image().get_image().convert("L")


def to_qimage(picture: Image.Image) -> QImage:
    data = io.BytesIO()
    picture.save(data, "PNG")
    image = QImage.fromData(data.getvalue())
    assert not image.isNull()
    return image


def blank(width: int = 640, height: int = 480) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    return image


def on_frame(picture: Image.Image, width: int = 1920, height: int = 1080) -> QImage:
    """The code in the middle of a camera-sized grey frame."""
    frame = Image.new("L", (width, height), 200)
    frame.paste(picture, ((width - picture.width) // 2, (height - picture.height) // 2))
    return to_qimage(frame)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def decoder(qtbot: QtBot, clock: FakeClock) -> Iterator[FrameDecoder]:
    found = FrameDecoder(clock=clock)
    yield found
    found.close()


def decode_and_wait(qtbot: QtBot, decoder: FrameDecoder, image: QImage) -> list[str]:
    """Submit one frame and wait for the worker's answer; the codes `decoded` carried for it."""
    seen: list[str] = []
    decoder.decoded.connect(seen.append)
    try:
        assert decoder.submit(image)
        qtbot.waitUntil(lambda: not decoder.is_busy(), timeout=5000)
    finally:
        decoder.decoded.disconnect(seen.append)
    return seen


# -- decoding a picture ------------------------------------------------------------------------------


def test_a_ticket_qr_code_is_read_exactly() -> None:
    assert PAYLOAD.startswith("CK1") and len(PAYLOAD) == 45
    assert decode_image(to_qimage(qr_picture(PAYLOAD))) == [PAYLOAD]


def test_a_blank_picture_has_no_code() -> None:
    assert decode_image(blank()) == []


def test_a_null_image_has_no_code() -> None:
    assert decode_image(QImage()) == []


def test_a_tilted_code_at_an_odd_width_is_read() -> None:
    """Rows of an odd-width grey QImage are padded to 4 bytes; reading them as `width` long would shear it."""
    tilted = qr_picture(PAYLOAD).rotate(23, expand=True, fillcolor=255)
    image = to_qimage(tilted.resize((401, 401)))
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    assert gray.bytesPerLine() != gray.width()

    assert decode_image(image) == [PAYLOAD]


def test_a_code_in_a_full_hd_frame_is_read() -> None:
    assert decode_image(on_frame(qr_picture(PAYLOAD, box_size=10))) == [PAYLOAD]


def zxing_barcode(text: str) -> QImage:
    picture = zxingcpp.write_barcode_to_image(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128), scale=3)
    pixels = bytes(picture)  # type: ignore[call-overload]  # zxingcpp.Image is a buffer; its stub omits it
    return to_qimage(Image.frombytes("L", (picture.shape[1], picture.shape[0]), pixels))


def test_a_registration_barcode_is_read() -> None:
    barcode = zxing_barcode("123456789012345")
    assert decode_image(barcode) == ["123456789012345"]


# -- the worker --------------------------------------------------------------------------------------


def test_a_frame_is_decoded_off_the_ui_thread(qtbot: QtBot, clock: FakeClock) -> None:
    threads: list[threading.Thread] = []

    def decode(image: QImage) -> list[str]:
        threads.append(threading.current_thread())
        return decode_image(image)

    decoder = FrameDecoder(clock=clock, decode=decode)
    try:
        with qtbot.waitSignal(decoder.decoded, timeout=5000) as signal:
            assert decoder.submit(to_qimage(qr_picture(PAYLOAD)))
        assert signal.args == [PAYLOAD]
        assert threads and threads[0] is not threading.main_thread()
    finally:
        decoder.close()


def test_frames_are_dropped_while_one_is_decoded(qtbot: QtBot, clock: FakeClock) -> None:
    release = threading.Event()

    def slow_decode(image: QImage) -> list[str]:
        release.wait(5)
        return decode_image(image)

    decoder = FrameDecoder(clock=clock, decode=slow_decode)
    try:
        assert decoder.submit(to_qimage(qr_picture(PAYLOAD)))
        assert decoder.is_busy()
        assert not decoder.submit(to_qimage(qr_picture("CK1SECOND")))  # dropped, not queued
        with qtbot.waitSignal(decoder.decoded, timeout=5000) as signal:
            release.set()
        assert signal.args == [PAYLOAD]
        qtbot.waitUntil(lambda: not decoder.is_busy())
        with qtbot.assertNotEmitted(decoder.decoded, wait=200):
            pass  # the dropped frame never comes back
        assert decoder.submit(blank())
    finally:
        release.set()
        decoder.close()


def test_a_failing_decode_is_a_frame_without_a_code(qtbot: QtBot, clock: FakeClock) -> None:
    calls: list[QImage] = []

    def broken_then_fine(image: QImage) -> list[str]:
        calls.append(image)
        if len(calls) == 1:
            raise ValueError("corrupt frame")
        return decode_image(image)

    decoder = FrameDecoder(clock=clock, decode=broken_then_fine)
    try:
        assert decode_and_wait(qtbot, decoder, to_qimage(qr_picture(PAYLOAD))) == []
        assert decode_and_wait(qtbot, decoder, to_qimage(qr_picture(PAYLOAD))) == [PAYLOAD]
    finally:
        decoder.close()


def test_a_code_held_up_is_reported_once(qtbot: QtBot, decoder: FrameDecoder, clock: FakeClock) -> None:
    frame = to_qimage(qr_picture(PAYLOAD))
    assert decode_and_wait(qtbot, decoder, frame) == [PAYLOAD]
    for _ in range(5):  # held in front of the camera for 10 s, read every 2 s
        clock.now += 2.0
        assert decode_and_wait(qtbot, decoder, frame) == []


def test_a_code_shown_again_after_it_was_away_is_reported_again(
    qtbot: QtBot, decoder: FrameDecoder, clock: FakeClock
) -> None:
    frame = to_qimage(qr_picture(PAYLOAD))
    assert decode_and_wait(qtbot, decoder, frame) == [PAYLOAD]
    clock.now += 1.0
    assert decode_and_wait(qtbot, decoder, blank()) == []
    clock.now += 2.9  # 3.9 s since last seen
    assert decode_and_wait(qtbot, decoder, frame) == [PAYLOAD]


def test_the_same_code_within_the_repeat_window_is_not_reported(
    qtbot: QtBot, decoder: FrameDecoder, clock: FakeClock
) -> None:
    frame = to_qimage(qr_picture(PAYLOAD))
    assert decode_and_wait(qtbot, decoder, frame) == [PAYLOAD]
    clock.now += camera.REPEAT_AFTER_S - 0.1
    assert decode_and_wait(qtbot, decoder, frame) == []


def test_another_code_is_reported_at_once(qtbot: QtBot, decoder: FrameDecoder, clock: FakeClock) -> None:
    other = tickets.sign(EVENT_ID, TICKET_KEY, "ONSWG4TFOQ5GC3DF")
    assert decode_and_wait(qtbot, decoder, to_qimage(qr_picture(PAYLOAD))) == [PAYLOAD]
    clock.now += 0.5
    assert decode_and_wait(qtbot, decoder, to_qimage(qr_picture(other))) == [other]


def test_close_ends_the_worker_thread_and_a_new_frame_starts_one(qtbot: QtBot, decoder: FrameDecoder) -> None:
    assert decode_and_wait(qtbot, decoder, blank()) == []
    decoder.close()
    assert not any(thread.name == "camera-decoder" for thread in threading.enumerate())

    assert decode_and_wait(qtbot, decoder, to_qimage(qr_picture(PAYLOAD))) == [PAYLOAD]


# -- the scanner and its availability ----------------------------------------------------------------


def real_inputs() -> list[object] | None:
    """The cameras Qt Multimedia sees here, or None when it cannot load."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return None
    return list(QMediaDevices.videoInputs())


def test_availability_here_says_what_this_machine_has(qapp: object) -> None:
    state = camera_availability()
    inputs = real_inputs()
    if inputs is None:
        assert state == (False, NO_BACKEND, state.detail)
    elif not inputs:
        assert (state.ok, state.message) == (False, NO_CAMERA)
    else:
        assert state.ok and state.message.startswith("Camera ready")


def test_no_camera_plugged_in_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    no_cameras = SimpleNamespace(QMediaDevices=SimpleNamespace(videoInputs=lambda: []))
    monkeypatch.setattr(camera, "load_multimedia", lambda: no_cameras)

    assert camera_availability() == (False, NO_CAMERA, "")


def test_missing_multimedia_libraries_mean_no_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> object:
        raise ImportError(LIBPULSE_ERROR)

    monkeypatch.setattr(camera, "load_multimedia", fail)

    state = camera_availability()
    assert (state.ok, state.message) == (False, NO_BACKEND)
    assert "libpulse" in state.detail
    assert "libpulse" not in state.message  # the volunteer reads a sentence, not a library name


def test_a_qt_multimedia_that_cannot_be_imported_means_no_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # what a failed import leaves behind

    assert camera_availability()[:2] == (False, NO_BACKEND)


def test_a_backend_that_fails_when_asked_for_cameras_means_no_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> list[object]:
        raise RuntimeError("ffmpeg plugin failed")

    monkeypatch.setattr(
        camera, "load_multimedia", lambda: SimpleNamespace(QMediaDevices=SimpleNamespace(videoInputs=broken))
    )

    assert camera_availability()[:2] == (False, NO_BACKEND)


def test_starting_without_a_camera_says_why_and_does_nothing(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(camera, "camera_availability", lambda device_id=None: camera.Availability(False, NO_CAMERA))
    scanner = CameraScanner()
    try:
        with qtbot.waitSignal(scanner.status, timeout=1000) as signal:
            assert scanner.start() is False
        assert signal.args == [NO_CAMERA]
        assert not scanner.is_active()
        scanner.stop()  # harmless when never started
    finally:
        scanner.close()


def test_starting_without_the_backend_says_why(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    scanner = CameraScanner()
    try:
        with qtbot.waitSignal(scanner.status, timeout=1000) as signal:
            assert scanner.start() is False
        assert signal.args == [NO_BACKEND]
    finally:
        scanner.close()


def test_a_video_frame_from_the_camera_is_decoded(qtbot: QtBot, clock: FakeClock) -> None:
    from PySide6.QtMultimedia import QVideoFrame

    scanner = CameraScanner(clock=clock)
    try:
        with qtbot.waitSignal(scanner.decoded, timeout=5000) as signal:
            scanner.take_frame(QVideoFrame(on_frame(qr_picture(PAYLOAD), 1280, 720)))
        assert signal.args == [PAYLOAD]
    finally:
        scanner.close()


def test_video_frames_are_not_converted_while_the_decoder_is_busy(
    qtbot: QtBot, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtMultimedia import QVideoFrame

    scanner = CameraScanner(clock=clock)
    monkeypatch.setattr(scanner.decoder, "is_busy", lambda: True)
    submitted: list[QImage] = []
    monkeypatch.setattr(scanner.decoder, "submit", submitted.append)
    try:
        scanner.take_frame(QVideoFrame(to_qimage(qr_picture(PAYLOAD))))
        assert submitted == []
    finally:
        scanner.close()


def test_the_view_shows_why_there_is_no_picture(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(camera, "camera_availability", lambda device_id=None: camera.Availability(False, NO_CAMERA))
    scanner = CameraScanner()
    view = CameraView(scanner)
    qtbot.addWidget(view)
    view.show()

    assert view.video is None
    assert view.message.isVisible()
    assert view.message.text() == NO_CAMERA
    scanner.close()


def test_the_view_without_the_backend_says_so(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    scanner = CameraScanner()
    view = CameraView(scanner)
    qtbot.addWidget(view)

    assert view.message.text() == NO_BACKEND
    scanner.start()
    assert view.message.text() == NO_BACKEND
    scanner.close()


def test_the_view_has_a_picture_area_when_a_camera_is_ready(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    ready = camera.Availability(True, "Camera ready: USB Camera.")
    monkeypatch.setattr(camera, "camera_availability", lambda device_id=None: ready)
    scanner = CameraScanner()
    view = CameraView(scanner)
    qtbot.addWidget(view)

    assert view.video is not None
    assert view.message.text() == "Camera ready: USB Camera."
    scanner.close()
