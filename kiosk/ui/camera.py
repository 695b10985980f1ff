"""The desk's webcam: Qt Multimedia frames decoded by zxing-cpp off the UI thread, one signal per code shown.

Without Qt Multimedia (it needs system libraries such as libpulse) or without a camera, nothing breaks:
`available()` says why in a sentence for the volunteer, and the desk works with the USB scanner and typed
codes. Qt Multimedia is imported only when asked for, so the app starts without it.
"""

from __future__ import annotations

import importlib
import queue
import threading
import time
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

import zxingcpp
from PIL import Image
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QStackedLayout, QWidget

from kiosk.ui.labels import data_label

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QCamera, QCameraDevice, QMediaCaptureSession, QVideoFrame, QVideoSink
    from PySide6.QtMultimediaWidgets import QVideoWidget

NO_BACKEND = (
    "The webcam cannot be used on this laptop: its video support is not installed. "
    "Use the barcode scanner, or type the code under the QR code."
)
NO_CAMERA = "No camera found. Plug one in, or use the barcode scanner, or type the code under the QR code."
CAMERA_BLOCKED = (
    "This laptop does not let the app use the camera. Allow it in the system's privacy settings, "
    "or use the barcode scanner."
)
CAMERA_ASKING = "Allow the camera when the laptop asks, then start it again."

REPEAT_AFTER_S = 3.0
"""A code is read again only after it has been out of sight this long (a phone held up is one scan)."""

MAX_DECODE_SIDE = 1280
"""Frames larger than this are scaled down before decoding: a ticket held up to the camera fills a good part
of the picture, and a 1080p frame takes zxing-cpp several times longer."""


class Availability(NamedTuple):
    """Whether the webcam can be used, and a sentence a volunteer understands either way."""

    ok: bool
    message: str
    detail: str = ""
    """The technical reason (an import error), for the log; never shown to the volunteer."""


def load_multimedia() -> ModuleType:
    """PySide6.QtMultimedia, imported on first use. Raises ImportError when its system libraries are
    missing (libpulse.so.0 on a bare Linux): the seam tests replace."""
    return importlib.import_module("PySide6.QtMultimedia")


def _pick_device(devices: list[QCameraDevice], device_id: bytes | None) -> QCameraDevice | None:
    for device in devices:
        if device_id is not None and bytes(device.id().data()) == device_id:
            return device
    default = [device for device in devices if device.isDefault()]
    return next(iter(default or devices), None)


def camera_availability(device_id: bytes | None = None) -> Availability:
    """Whether a camera can be used now. Never raises: any failure becomes a reason."""
    try:
        multimedia = load_multimedia()
    except ImportError as exc:
        return Availability(False, NO_BACKEND, str(exc))
    try:
        device = _pick_device(list(multimedia.QMediaDevices.videoInputs()), device_id)
    except Exception as exc:  # a broken backend must not take the desk down with it
        return Availability(False, NO_BACKEND, repr(exc))
    if device is None:
        return Availability(False, NO_CAMERA)
    return Availability(True, f"Camera ready: {device.description()}.")


def decode_image(image: QImage) -> list[str]:
    """The texts of the barcodes and QR codes in a picture, first found first; [] if none. Safe on any thread.

    The picture goes to zxing-cpp as 8-bit grey through Pillow; QImage pads every row to 4 bytes, so rows
    are read with their real length (bytesPerLine), not the width.
    """
    if image.isNull():
        return []
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    if max(gray.width(), gray.height()) > MAX_DECODE_SIDE:
        gray = gray.scaled(
            MAX_DECODE_SIDE,
            MAX_DECODE_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    pixels = bytes(gray.constBits())
    picture = Image.frombuffer("L", (gray.width(), gray.height()), pixels, "raw", "L", gray.bytesPerLine(), 1)
    return [barcode.text for barcode in zxingcpp.read_barcodes(picture) if barcode.text]


class FrameDecoder(QObject):
    """Decodes one frame at a time on a worker thread and reports each code once while it stays in view.

    `submit` refuses a frame while the previous one is still being decoded, so frames are dropped, never
    queued: the code shown is the one read. The worker is a daemon thread (not a QThread) so that deleting
    the decoder with its parent window can never abort the app with a thread still running.
    """

    decoded = Signal(str)
    """The first code in a frame that was not already seen in the last `repeat_after_s` seconds."""

    _finished = Signal(object)  # list[str] from the worker thread, delivered on the decoder's thread

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        repeat_after_s: float = REPEAT_AFTER_S,
        clock: Callable[[], float] = time.monotonic,
        decode: Callable[[QImage], list[str]] = decode_image,
    ) -> None:
        super().__init__(parent)
        self.repeat_after_s = repeat_after_s
        self._clock = clock
        self._decode = decode
        self._busy = False
        self._last_seen: dict[str, float] = {}
        self._frames: queue.SimpleQueue[QImage | None] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

    def is_busy(self) -> bool:
        """Whether a frame is being decoded now (the next one would be dropped)."""
        return self._busy

    def submit(self, image: QImage) -> bool:
        """Decode this frame unless one is in progress; False when it is dropped."""
        if self._busy or image.isNull():
            return False
        self._busy = True
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._run, name="camera-decoder", daemon=True)
            self._worker.start()
        self._frames.put(image)
        return True

    def close(self) -> None:
        """End the worker thread after the frame it is on; a later `submit` starts a new one."""
        worker, self._worker = self._worker, None
        if worker is not None and worker.is_alive():
            self._frames.put(None)
            worker.join()

    def _run(self) -> None:
        while (image := self._frames.get()) is not None:
            try:
                texts = self._decode(image)
            except Exception:  # an undecodable frame is a frame without a code; the next one may do
                texts = []
            try:
                self._finished.emit(texts)
            except RuntimeError:  # the decoder was deleted with its window meanwhile
                return

    def _on_finished(self, texts: list[str]) -> None:
        self._busy = False
        now = self._clock()
        recent = {text: seen for text, seen in self._last_seen.items() if now - seen <= self.repeat_after_s}
        fresh = [text for text in texts if text not in recent]
        self._last_seen = recent | dict.fromkeys(texts, now)
        if fresh:
            self.decoded.emit(fresh[0])


class CameraScanner(QObject):
    """The webcam as a scanner: start it, and `decoded` carries each ticket code held up to it.

    Frames arrive on the UI thread from a QVideoSink; one is converted to a QImage only when the decoder
    is free for it. `status` carries sentences for the volunteer (camera on, off, failed, unavailable).
    """

    decoded = Signal(str)
    """A code read from the camera (a ticket's QR payload, a barcode number), once per showing."""
    status = Signal(str)
    """What the camera is doing, in a sentence for the volunteer."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        device_id: bytes | None = None,
        repeat_after_s: float = REPEAT_AFTER_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`device_id` picks a camera (QCameraDevice.id()); by default the system's default camera."""
        super().__init__(parent)
        self.device_id = device_id
        self.decoder = FrameDecoder(self, repeat_after_s=repeat_after_s, clock=clock)
        self.decoder.decoded.connect(self.decoded)
        self._camera: QCamera | None = None
        self._session: QMediaCaptureSession | None = None
        self._sink: QVideoSink | None = None
        self._preview: QVideoWidget | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    def available(self) -> Availability:
        return camera_availability(self.device_id)

    def is_active(self) -> bool:
        """Whether the camera has been started (it may still be warming up) and not stopped since."""
        return self._camera is not None

    def set_preview(self, video_widget: QVideoWidget | None) -> None:
        """Show the camera's picture in this video widget (CameraView does this); takes effect at `start`."""
        self._preview = video_widget

    def start(self) -> bool:
        """Turn the camera on; False (and a `status` saying why) when it cannot be used."""
        if self._camera is not None:
            return True
        state = self.available()
        if not state.ok:
            self.status.emit(state.message)
            return False
        if not self._camera_permitted():
            return False
        multimedia = load_multimedia()
        device = _pick_device(list(multimedia.QMediaDevices.videoInputs()), self.device_id)
        if device is None:  # unplugged since available()
            self.status.emit(NO_CAMERA)
            return False
        self._camera = multimedia.QCamera(device, self)
        self._session = multimedia.QMediaCaptureSession(self)
        self._session.setCamera(self._camera)
        if self._preview is not None:
            self._session.setVideoOutput(self._preview)
            self._sink = self._preview.videoSink()
        else:
            self._sink = multimedia.QVideoSink(self)
            self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self.take_frame)
        self._camera.errorOccurred.connect(self._on_error)
        self._camera.start()
        self.status.emit(f"Camera on ({device.description()}): hold the ticket's QR code up to it.")
        return True

    def stop(self) -> None:
        """Turn the camera off (a frame being decoded may still report its code)."""
        if self._release_camera():
            self.status.emit("Camera off.")

    def _release_camera(self) -> bool:
        camera, session, sink = self._camera, self._session, self._sink
        self._camera = self._session = self._sink = None
        if camera is None:
            return False
        if sink is not None:
            sink.videoFrameChanged.disconnect(self.take_frame)
        camera.stop()
        for owned in (session, camera):
            if owned is not None:
                owned.deleteLater()
        if sink is not None and sink.parent() is self:
            sink.deleteLater()
        return True

    def close(self) -> None:
        """Turn the camera off and end the decoding thread (at quit, or when the desk closes)."""
        self.stop()
        self.decoder.close()

    def take_frame(self, frame: QVideoFrame) -> None:
        """Decode this frame unless the decoder is busy (then it is dropped before any conversion). The
        camera's video sink calls it for every frame; anything else that has frames may too."""
        if self.decoder.is_busy() or not frame.isValid():
            return
        image = frame.toImage()
        if not image.isNull():
            self.decoder.submit(image)

    def _on_error(self, error: Any, message: str) -> None:
        self._release_camera()
        self.status.emit(f"The camera stopped: {message or 'it reported an error'}. Try starting it again.")

    def _camera_permitted(self) -> bool:
        """Whether the system lets the app use the camera (macOS, Windows and Android ask the person once)."""
        app = QCoreApplication.instance()
        if app is None:
            return True
        try:
            from PySide6.QtCore import QCameraPermission
        except ImportError:  # Qt before 6.5 has no permission API: the camera is simply opened
            return True
        permission = QCameraPermission()
        status = app.checkPermission(permission)
        if status == Qt.PermissionStatus.Granted:
            return True
        if status == Qt.PermissionStatus.Denied:
            self.status.emit(CAMERA_BLOCKED)
            return False
        app.requestPermission(permission, self, lambda _answer: self.start())
        self.status.emit(CAMERA_ASKING)
        return False


class CameraView(QWidget):
    """The camera's picture for the desk, or the sentence that says why there is none."""

    def __init__(self, scanner: CameraScanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scanner = scanner
        self.message = data_label("cameraMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.video: QVideoWidget | None = None
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.message)
        state = scanner.available()
        if state.ok:
            try:
                widgets = importlib.import_module("PySide6.QtMultimediaWidgets")
                self.video = widgets.QVideoWidget(self)
            except ImportError:
                self.video = None  # no picture, but the camera still scans
        if self.video is not None:
            self._stack.addWidget(self.video)
            scanner.set_preview(self.video)
        self.show_message(state.message)
        scanner.status.connect(self._on_status)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self._stack.setCurrentWidget(self.message)

    def _on_status(self, text: str) -> None:
        if self.video is not None and self.scanner.is_active():
            self._stack.setCurrentWidget(self.video)
            self.video.setToolTip(text)
        else:
            self.show_message(text)
