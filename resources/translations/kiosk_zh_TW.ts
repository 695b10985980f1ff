<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>BadgeScan</name>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="269"/>
        <source>That is your ticket. Scan the code on your badge instead.</source>
        <translation>這是您的入場券。請改為掃描您名牌上的條碼。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="271"/>
        <source>That badge is for another convening.</source>
        <translation>這個名牌屬於另一場會議。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="273"/>
        <source>We could not find that badge. Please ask a volunteer.</source>
        <translation>我們找不到這個名牌。請詢問志工。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="274"/>
        <source>That is not a badge. Scan the code on your badge.</source>
        <translation>這不是名牌。請掃描您名牌上的條碼。</translation>
    </message>
</context>
<context>
    <name>ConnectionFlow</name>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="159"/>
        <location filename="../../kiosk/ui/connection_flow.py" line="185"/>
        <source>That is the same badge. The second person scans their own badge.</source>
        <translation>這是同一個名牌。請第二個人掃描自己的名牌。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="167"/>
        <location filename="../../kiosk/ui/connection_flow.py" line="188"/>
        <source>You two are already connected.</source>
        <translation>你們兩位已經建立過聯繫了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="191"/>
        <source>Something went wrong. Please ask a volunteer.</source>
        <translation>發生了問題。請詢問志工。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="211"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="211"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="212"/>
        <source>Save our connection</source>
        <translation>儲存我們的聯繫</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="214"/>
        <source>Connect with a new partner</source>
        <translation>與新夥伴建立聯繫</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="215"/>
        <source>Two people, one after the other: each scans the code on their own badge.</source>
        <translation>兩個人，依序進行：每人掃描自己名牌上的條碼。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="218"/>
        <source>Thank you, {name}.</source>
        <translation>謝謝，{name}。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="219"/>
        <source>Now your new partner scans their badge.</source>
        <translation>現在請您的新夥伴掃描他們的名牌。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="222"/>
        <source>Share your contact details?</source>
        <translation>分享您的聯絡方式？</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="223"/>
        <source>Each of you decides. Nothing is shared unless you tick your own box.</source>
        <translation>由每個人自己決定。除非您勾選自己的方框，否則不會分享任何資訊。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="224"/>
        <source>{name}: share my email and phone with {other}</source>
        <translation>{name}：與 {other} 分享我的電子郵件和電話</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="232"/>
        <source>You are connected!</source>
        <translation>你們已經建立聯繫了！</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="240"/>
        <source>You both agreed to share your contact details.</source>
        <translation>你們雙方都同意分享聯絡方式。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="242"/>
        <source>Only one of you shared contact details.</source>
        <translation>只有一方分享了聯絡方式。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="244"/>
        <source>No contact details were shared.</source>
        <translation>沒有分享任何聯絡方式。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="246"/>
        <source>New connections across organizations today: {count}</source>
        <translation>今天新建立的跨組織聯繫：{count}</translation>
    </message>
</context>
<context>
    <name>JourneyKioskWindow</name>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="566"/>
        <source>You are anonymous. Scan your badge to add your name, organization and region.</source>
        <translation>您目前是匿名的。掃描名牌即可加上您的姓名、組織和地區。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="572"/>
        <source>Signed: {signature}</source>
        <translation>署名：{signature}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="599"/>
        <source>Your note is empty. Write a few words first.</source>
        <translation>您的留言是空的。請先寫幾個字。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="603"/>
        <source>Your note is too long: {length} characters, and the limit is {limit}. Please shorten it.</source>
        <translation>您的留言太長了：{length} 個字元，上限是 {limit}。請縮短一些。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="608"/>
        <source>Something went wrong. Please ask a volunteer.</source>
        <translation>發生了問題。請詢問志工。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="672"/>
        <source>Staff</source>
        <translation>工作人員</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="673"/>
        <source>Staff: leave the kiosk (PIN needed)</source>
        <translation>工作人員：離開自助機（需要 PIN）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="674"/>
        <source>Add your voice</source>
        <translation>說出您的心聲</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="675"/>
        <source>Choose your language above, then touch one of the three.</source>
        <translation>請在上方選擇語言，然後點選三項中的一項。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="678"/>
        <source>Connect with a new partner</source>
        <translation>與新夥伴建立聯繫</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="679"/>
        <source>Choose a question</source>
        <translation>請選擇一個問題</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="683"/>
        <source>Choose what you have or what you need, then a topic.</source>
        <translation>先選擇您擁有的或需要的，再選擇一個主題。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="689"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="693"/>
        <source>Touch here and write your note.</source>
        <translation>點這裡，寫下您的留言。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="695"/>
        <source>Write your note here with the keyboard.</source>
        <translation>請用鍵盤在這裡寫下您的留言。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="697"/>
        <source>Put it on the wall</source>
        <translation>貼到牆上</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="698"/>
        <source>Stay anonymous</source>
        <translation>保持匿名</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="701"/>
        <source>Thank you!</source>
        <translation>謝謝！</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="704"/>
        <source>Your note will appear on the wall once staff have read it.</source>
        <translation>工作人員閱讀後，您的留言就會出現在牆上。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="706"/>
        <source>Your note is on the wall.</source>
        <translation>您的留言已經貼到牆上了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="711"/>
        <source>Organizations here that have what you need: {names}</source>
        <translation>這裡有這些組織擁有您需要的：{names}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="716"/>
        <source>Write another</source>
        <translation>再寫一則</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="717"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>SelfServiceDecision</name>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="64"/>
        <source>Attendee</source>
        <translation>參加者</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="65"/>
        <source>Speaker</source>
        <translation>講者</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="66"/>
        <source>Exhibitor</source>
        <translation>參展商</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="67"/>
        <source>Media</source>
        <translation>媒體</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="68"/>
        <source>Elected official</source>
        <translation>民選官員</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="69"/>
        <source>Staff</source>
        <translation>工作人員</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="70"/>
        <source>Volunteer</source>
        <translation>志工</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="78"/>
        <source>Welcome!</source>
        <translation>歡迎您！</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="79"/>
        <source>Welcome, {name}!</source>
        <translation>歡迎您，{name}！</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="81"/>
        <source>You are already checked in</source>
        <translation>您已經報到過了</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="82"/>
        <source>We could not check you in</source>
        <translation>我們無法為您辦理報到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="86"/>
        <source>You checked in at {time}.</source>
        <translation>您已於 {time} 報到。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="88"/>
        <source>Walk-in: registered just now.</source>
        <translation>現場報名：剛剛完成登記。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="93"/>
        <source>Please pick up your badge at the registration table.</source>
        <translation>請到報到台領取您的名牌。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="95"/>
        <source>If you need your badge, please ask at the registration table.</source>
        <translation>如需名牌，請到報到台詢問。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="96"/>
        <source>Please see a volunteer at the registration table. They will help you.</source>
        <translation>請到報到台找志工，他們會協助您。</translation>
    </message>
</context>
<context>
    <name>SelfServiceWindow</name>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="174"/>
        <source>The camera above the screen reads codes too.</source>
        <translation>螢幕上方的攝影機也能掃描條碼。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="213"/>
        <source>Scan your QR code to get your badge</source>
        <translation>掃描您的 QR 碼以領取名牌</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="215"/>
        <source>Hold the code on your phone or your printed ticket under the scanner.</source>
        <translation>請將手機上或列印入場券上的條碼放在掃描器下方。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="216"/>
        <source>No code? A volunteer at the registration table will find you.</source>
        <translation>沒有條碼？報到台的志工會幫您查找。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="218"/>
        <source>How to scan</source>
        <translation>如何掃描</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="219"/>
        <source>Event</source>
        <translation>活動</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="221"/>
        <source>Camera</source>
        <translation>攝影機</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="222"/>
        <source>Staff</source>
        <translation>工作人員</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="223"/>
        <source>Staff: leave self-service (PIN needed)</source>
        <translation>工作人員：離開自助報到（需要 PIN）</translation>
    </message>
</context>
</TS>
