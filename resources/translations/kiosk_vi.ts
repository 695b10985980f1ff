<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi">
<context>
    <name>BadgeScan</name>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="269"/>
        <source>That is your ticket. Scan the code on your badge instead.</source>
        <translation>Đây là vé của bạn. Hãy quét mã trên thẻ tên thay vào đó.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="271"/>
        <source>That badge is for another convening.</source>
        <translation>Thẻ tên này thuộc về một hội nghị khác.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="273"/>
        <source>We could not find that badge. Please ask a volunteer.</source>
        <translation>Chúng tôi không tìm thấy thẻ tên này. Vui lòng hỏi tình nguyện viên.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="274"/>
        <source>That is not a badge. Scan the code on your badge.</source>
        <translation>Đây không phải là thẻ tên. Hãy quét mã trên thẻ tên của bạn.</translation>
    </message>
</context>
<context>
    <name>ConnectionFlow</name>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="159"/>
        <location filename="../../kiosk/ui/connection_flow.py" line="185"/>
        <source>That is the same badge. The second person scans their own badge.</source>
        <translation>Đây là cùng một thẻ tên. Người thứ hai hãy quét thẻ tên của chính mình.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="167"/>
        <location filename="../../kiosk/ui/connection_flow.py" line="188"/>
        <source>You two are already connected.</source>
        <translation>Hai bạn đã kết nối với nhau rồi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="191"/>
        <source>Something went wrong. Please ask a volunteer.</source>
        <translation>Đã có lỗi xảy ra. Vui lòng hỏi tình nguyện viên.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="211"/>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="211"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="212"/>
        <source>Save our connection</source>
        <translation>Lưu kết nối của chúng tôi</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="214"/>
        <source>Connect with a new partner</source>
        <translation>Kết nối với đối tác mới</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="215"/>
        <source>Two people, one after the other: each scans the code on their own badge.</source>
        <translation>Hai người, lần lượt từng người: mỗi người quét mã trên thẻ tên của mình.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="218"/>
        <source>Thank you, {name}.</source>
        <translation>Cảm ơn, {name}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="219"/>
        <source>Now your new partner scans their badge.</source>
        <translation>Bây giờ đối tác mới của bạn quét thẻ tên của họ.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="222"/>
        <source>Share your contact details?</source>
        <translation>Chia sẻ thông tin liên lạc của bạn?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="223"/>
        <source>Each of you decides. Nothing is shared unless you tick your own box.</source>
        <translation>Mỗi người tự quyết định. Không có gì được chia sẻ nếu bạn không đánh dấu ô của mình.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="224"/>
        <source>{name}: share my email and phone with {other}</source>
        <translation>{name}: chia sẻ email và số điện thoại của tôi với {other}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="232"/>
        <source>You are connected!</source>
        <translation>Hai bạn đã được kết nối!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="240"/>
        <source>You both agreed to share your contact details.</source>
        <translation>Cả hai bạn đã đồng ý chia sẻ thông tin liên lạc.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="242"/>
        <source>Only one of you shared contact details.</source>
        <translation>Chỉ một người trong hai bạn đã chia sẻ thông tin liên lạc.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="244"/>
        <source>No contact details were shared.</source>
        <translation>Không có thông tin liên lạc nào được chia sẻ.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="246"/>
        <source>New connections across organizations today: {count}</source>
        <translation>Kết nối mới giữa các tổ chức hôm nay: {count}</translation>
    </message>
</context>
<context>
    <name>JourneyKioskWindow</name>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="566"/>
        <source>You are anonymous. Scan your badge to add your name, organization and region.</source>
        <translation>Bạn đang ẩn danh. Hãy quét thẻ tên để thêm tên, tổ chức và khu vực của bạn.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="572"/>
        <source>Signed: {signature}</source>
        <translation>Đã ký tên: {signature}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="599"/>
        <source>Your note is empty. Write a few words first.</source>
        <translation>Ghi chú của bạn đang trống. Hãy viết vài chữ trước.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="603"/>
        <source>Your note is too long: {length} characters, and the limit is {limit}. Please shorten it.</source>
        <translation>Ghi chú của bạn quá dài: {length} ký tự, giới hạn là {limit}. Vui lòng viết ngắn lại.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="608"/>
        <source>Something went wrong. Please ask a volunteer.</source>
        <translation>Đã có lỗi xảy ra. Vui lòng hỏi tình nguyện viên.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="672"/>
        <source>Staff</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="673"/>
        <source>Staff: leave the kiosk (PIN needed)</source>
        <translation>Nhân viên: rời máy (cần mã PIN)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="674"/>
        <source>Add your voice</source>
        <translation>Góp tiếng nói của bạn</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="675"/>
        <source>Choose your language above, then touch one of the three.</source>
        <translation>Chọn ngôn ngữ ở phía trên, rồi chạm vào một trong ba mục.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="678"/>
        <source>Connect with a new partner</source>
        <translation>Kết nối với đối tác mới</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="679"/>
        <source>Choose a question</source>
        <translation>Chọn một câu hỏi</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="683"/>
        <source>Choose what you have or what you need, then a topic.</source>
        <translation>Chọn điều bạn có hoặc điều bạn cần, rồi chọn một chủ đề.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="689"/>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="693"/>
        <source>Touch here and write your note.</source>
        <translation>Chạm vào đây và viết ghi chú của bạn.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="695"/>
        <source>Write your note here with the keyboard.</source>
        <translation>Viết ghi chú của bạn ở đây bằng bàn phím.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="697"/>
        <source>Put it on the wall</source>
        <translation>Đưa lên bức tường</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="698"/>
        <source>Stay anonymous</source>
        <translation>Giữ ẩn danh</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="701"/>
        <source>Thank you!</source>
        <translation>Cảm ơn bạn!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="704"/>
        <source>Your note will appear on the wall once staff have read it.</source>
        <translation>Ghi chú của bạn sẽ xuất hiện trên bức tường sau khi nhân viên đã đọc.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="706"/>
        <source>Your note is on the wall.</source>
        <translation>Ghi chú của bạn đã ở trên bức tường.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="711"/>
        <source>Organizations here that have what you need: {names}</source>
        <translation>Các tổ chức ở đây có điều bạn cần: {names}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="716"/>
        <source>Write another</source>
        <translation>Viết thêm</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="717"/>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
</context>
<context>
    <name>SelfServiceDecision</name>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="64"/>
        <source>Attendee</source>
        <translation>Người tham dự</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="65"/>
        <source>Speaker</source>
        <translation>Diễn giả</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="66"/>
        <source>Exhibitor</source>
        <translation>Đơn vị triển lãm</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="67"/>
        <source>Media</source>
        <translation>Truyền thông</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="68"/>
        <source>Elected official</source>
        <translation>Quan chức dân cử</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="69"/>
        <source>Staff</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="70"/>
        <source>Volunteer</source>
        <translation>Tình nguyện viên</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="78"/>
        <source>Welcome!</source>
        <translation>Chào mừng bạn!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="79"/>
        <source>Welcome, {name}!</source>
        <translation>Chào mừng {name}!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="81"/>
        <source>You are already checked in</source>
        <translation>Bạn đã điểm danh rồi</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="82"/>
        <source>We could not check you in</source>
        <translation>Chúng tôi không thể điểm danh cho bạn</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="86"/>
        <source>You checked in at {time}.</source>
        <translation>Bạn đã điểm danh lúc {time}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="88"/>
        <source>Walk-in: registered just now.</source>
        <translation>Đăng ký tại chỗ: vừa đăng ký xong.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="93"/>
        <source>Please pick up your badge at the registration table.</source>
        <translation>Vui lòng nhận thẻ tên tại bàn đăng ký.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="95"/>
        <source>If you need your badge, please ask at the registration table.</source>
        <translation>Nếu bạn cần thẻ tên, vui lòng hỏi tại bàn đăng ký.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="96"/>
        <source>Please see a volunteer at the registration table. They will help you.</source>
        <translation>Vui lòng gặp tình nguyện viên tại bàn đăng ký. Họ sẽ giúp bạn.</translation>
    </message>
</context>
<context>
    <name>SelfServiceWindow</name>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="174"/>
        <source>The camera above the screen reads codes too.</source>
        <translation>Camera phía trên màn hình cũng quét được mã.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="213"/>
        <source>Scan your QR code to get your badge</source>
        <translation>Quét mã QR để nhận thẻ tên của bạn</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="215"/>
        <source>Hold the code on your phone or your printed ticket under the scanner.</source>
        <translation>Đưa mã trên điện thoại hoặc vé in của bạn vào dưới máy quét.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="216"/>
        <source>No code? A volunteer at the registration table will find you.</source>
        <translation>Không có mã? Tình nguyện viên tại bàn đăng ký sẽ tìm tên bạn.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="218"/>
        <source>How to scan</source>
        <translation>Cách quét mã</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="219"/>
        <source>Event</source>
        <translation>Sự kiện</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="221"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="222"/>
        <source>Staff</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="223"/>
        <source>Staff: leave self-service (PIN needed)</source>
        <translation>Nhân viên: rời chế độ tự phục vụ (cần mã PIN)</translation>
    </message>
</context>
</TS>
