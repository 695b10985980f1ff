<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko">
<context>
    <name>BadgeScan</name>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="269"/>
        <source>That is your ticket. Scan the code on your badge instead.</source>
        <translation>입장권입니다. 대신 명찰의 코드를 스캔해 주세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="271"/>
        <source>That badge is for another convening.</source>
        <translation>이 명찰은 다른 행사의 명찰입니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="273"/>
        <source>We could not find that badge. Please ask a volunteer.</source>
        <translation>명찰을 찾을 수 없습니다. 자원봉사자에게 문의해 주세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="274"/>
        <source>That is not a badge. Scan the code on your badge.</source>
        <translation>명찰이 아닙니다. 명찰의 코드를 스캔해 주세요.</translation>
    </message>
</context>
<context>
    <name>ConnectionFlow</name>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="159"/>
        <location filename="../../kiosk/ui/connection_flow.py" line="185"/>
        <source>That is the same badge. The second person scans their own badge.</source>
        <translation>같은 명찰입니다. 두 번째 분은 자신의 명찰을 스캔해 주세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="167"/>
        <location filename="../../kiosk/ui/connection_flow.py" line="188"/>
        <source>You two are already connected.</source>
        <translation>두 분은 이미 연결되어 있습니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="191"/>
        <source>Something went wrong. Please ask a volunteer.</source>
        <translation>문제가 생겼습니다. 자원봉사자에게 문의해 주세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="211"/>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="211"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="212"/>
        <source>Save our connection</source>
        <translation>우리의 연결 저장하기</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="214"/>
        <source>Connect with a new partner</source>
        <translation>새 파트너와 연결하기</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="215"/>
        <source>Two people, one after the other: each scans the code on their own badge.</source>
        <translation>두 사람이 차례로: 각자 자신의 명찰 코드를 스캔합니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="218"/>
        <source>Thank you, {name}.</source>
        <translation>감사합니다, {name} 님.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="219"/>
        <source>Now your new partner scans their badge.</source>
        <translation>이제 새 파트너가 자신의 명찰을 스캔합니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="222"/>
        <source>Share your contact details?</source>
        <translation>연락처를 공유하시겠습니까?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="223"/>
        <source>Each of you decides. Nothing is shared unless you tick your own box.</source>
        <translation>각자 결정합니다. 본인의 칸에 표시하지 않으면 아무것도 공유되지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="224"/>
        <source>{name}: share my email and phone with {other}</source>
        <translation>{name}: 내 이메일과 전화번호를 {other} 님과 공유</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="232"/>
        <source>You are connected!</source>
        <translation>연결되었습니다!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="240"/>
        <source>You both agreed to share your contact details.</source>
        <translation>두 분 모두 연락처 공유에 동의했습니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="242"/>
        <source>Only one of you shared contact details.</source>
        <translation>두 분 중 한 분만 연락처를 공유했습니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="244"/>
        <source>No contact details were shared.</source>
        <translation>연락처가 공유되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="246"/>
        <source>New connections across organizations today: {count}</source>
        <translation>오늘 새로 생긴 단체 간 연결: {count}</translation>
    </message>
</context>
<context>
    <name>JourneyKioskWindow</name>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="566"/>
        <source>You are anonymous. Scan your badge to add your name, organization and region.</source>
        <translation>지금은 익명입니다. 명찰을 스캔하면 이름, 단체, 지역이 추가됩니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="572"/>
        <source>Signed: {signature}</source>
        <translation>작성자: {signature}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="599"/>
        <source>Your note is empty. Write a few words first.</source>
        <translation>메모가 비어 있습니다. 먼저 몇 마디 써 주세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="603"/>
        <source>Your note is too long: {length} characters, and the limit is {limit}. Please shorten it.</source>
        <translation>메모가 너무 깁니다: {length}자이며 한도는 {limit}자입니다. 조금 줄여 주세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="608"/>
        <source>Something went wrong. Please ask a volunteer.</source>
        <translation>문제가 생겼습니다. 자원봉사자에게 문의해 주세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="672"/>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="673"/>
        <source>Staff: leave the kiosk (PIN needed)</source>
        <translation>직원: 키오스크 나가기 (PIN 필요)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="674"/>
        <source>Add your voice</source>
        <translation>여러분의 목소리를 더해 주세요</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="675"/>
        <source>Choose your language above, then touch one of the three.</source>
        <translation>위에서 언어를 고른 다음 세 가지 중 하나를 누르세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="678"/>
        <source>Connect with a new partner</source>
        <translation>새 파트너와 연결하기</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="679"/>
        <source>Choose a question</source>
        <translation>질문을 하나 고르세요</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="683"/>
        <source>Choose what you have or what you need, then a topic.</source>
        <translation>가진 것 또는 필요한 것을 고른 다음 주제를 고르세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="689"/>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="693"/>
        <source>Touch here and write your note.</source>
        <translation>여기를 누르고 메모를 쓰세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="695"/>
        <source>Write your note here with the keyboard.</source>
        <translation>키보드로 여기에 메모를 쓰세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="697"/>
        <source>Put it on the wall</source>
        <translation>벽에 붙이기</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="698"/>
        <source>Stay anonymous</source>
        <translation>익명으로 남기</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="701"/>
        <source>Thank you!</source>
        <translation>감사합니다!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="704"/>
        <source>Your note will appear on the wall once staff have read it.</source>
        <translation>직원이 읽은 뒤에 메모가 벽에 나타납니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="706"/>
        <source>Your note is on the wall.</source>
        <translation>메모가 벽에 붙었습니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="711"/>
        <source>Organizations here that have what you need: {names}</source>
        <translation>필요한 것을 가진 이곳의 단체: {names}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="716"/>
        <source>Write another</source>
        <translation>하나 더 쓰기</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="717"/>
        <source>Done</source>
        <translation>완료</translation>
    </message>
</context>
<context>
    <name>SelfServiceDecision</name>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="64"/>
        <source>Attendee</source>
        <translation>참석자</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="65"/>
        <source>Speaker</source>
        <translation>연사</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="66"/>
        <source>Exhibitor</source>
        <translation>전시 참가자</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="67"/>
        <source>Media</source>
        <translation>언론</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="68"/>
        <source>Elected official</source>
        <translation>선출직 공무원</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="69"/>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="70"/>
        <source>Volunteer</source>
        <translation>자원봉사자</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="78"/>
        <source>Welcome!</source>
        <translation>환영합니다!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="79"/>
        <source>Welcome, {name}!</source>
        <translation>{name} 님, 환영합니다!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="81"/>
        <source>You are already checked in</source>
        <translation>이미 체크인하셨습니다</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="82"/>
        <source>We could not check you in</source>
        <translation>체크인을 할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="86"/>
        <source>You checked in at {time}.</source>
        <translation>{time}에 체크인하셨습니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="88"/>
        <source>Walk-in: registered just now.</source>
        <translation>현장 등록: 방금 등록되었습니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="93"/>
        <source>Please pick up your badge at the registration table.</source>
        <translation>등록 테이블에서 명찰을 받아 주세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="95"/>
        <source>If you need your badge, please ask at the registration table.</source>
        <translation>명찰이 필요하시면 등록 테이블에 문의해 주세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="96"/>
        <source>Please see a volunteer at the registration table. They will help you.</source>
        <translation>등록 테이블의 자원봉사자를 찾아 주세요. 도와드리겠습니다.</translation>
    </message>
</context>
<context>
    <name>SelfServiceWindow</name>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="174"/>
        <source>The camera above the screen reads codes too.</source>
        <translation>화면 위의 카메라로도 코드를 읽을 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="213"/>
        <source>Scan your QR code to get your badge</source>
        <translation>QR 코드를 스캔하고 명찰을 받으세요</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="215"/>
        <source>Hold the code on your phone or your printed ticket under the scanner.</source>
        <translation>휴대폰이나 인쇄한 입장권의 코드를 스캐너 아래에 대 주세요.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="216"/>
        <source>No code? A volunteer at the registration table will find you.</source>
        <translation>코드가 없으세요? 등록 테이블의 자원봉사자가 찾아 드립니다.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="218"/>
        <source>How to scan</source>
        <translation>스캔 방법</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="219"/>
        <source>Event</source>
        <translation>행사</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="221"/>
        <source>Camera</source>
        <translation>카메라</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="222"/>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="223"/>
        <source>Staff: leave self-service (PIN needed)</source>
        <translation>직원: 셀프 체크인 나가기 (PIN 필요)</translation>
    </message>
</context>
</TS>
