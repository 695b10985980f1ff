<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa">
<context>
    <name>BadgeScan</name>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="269"/>
        <source>That is your ticket. Scan the code on your badge instead.</source>
        <translation>این بلیت شماست. به جای آن کد روی کارت شناسایی خود را اسکن کنید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="271"/>
        <source>That badge is for another convening.</source>
        <translation>این کارت شناسایی مربوط به همایش دیگری است.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="273"/>
        <source>We could not find that badge. Please ask a volunteer.</source>
        <translation>این کارت شناسایی را پیدا نکردیم. لطفاً از یک داوطلب کمک بخواهید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="274"/>
        <source>That is not a badge. Scan the code on your badge.</source>
        <translation>این کارت شناسایی نیست. کد روی کارت شناسایی خود را اسکن کنید.</translation>
    </message>
</context>
<context>
    <name>ConnectionFlow</name>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="159"/>
        <location filename="../../kiosk/ui/connection_flow.py" line="185"/>
        <source>That is the same badge. The second person scans their own badge.</source>
        <translation>این همان کارت شناسایی است. نفر دوم کارت شناسایی خودش را اسکن کند.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="167"/>
        <location filename="../../kiosk/ui/connection_flow.py" line="188"/>
        <source>You two are already connected.</source>
        <translation>شما دو نفر از قبل با هم ارتباط دارید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="191"/>
        <source>Something went wrong. Please ask a volunteer.</source>
        <translation>مشکلی پیش آمد. لطفاً از یک داوطلب کمک بخواهید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="211"/>
        <source>Done</source>
        <translation>تمام</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="211"/>
        <source>Cancel</source>
        <translation>لغو</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="212"/>
        <source>Save our connection</source>
        <translation>ارتباط ما را ذخیره کن</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="214"/>
        <source>Connect with a new partner</source>
        <translation>ارتباط با یک همکار تازه</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="215"/>
        <source>Two people, one after the other: each scans the code on their own badge.</source>
        <translation>دو نفر، یکی پس از دیگری: هر کدام کد روی کارت شناسایی خود را اسکن کند.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="218"/>
        <source>Thank you, {name}.</source>
        <translation>سپاسگزاریم، {name}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="219"/>
        <source>Now your new partner scans their badge.</source>
        <translation>حالا همکار تازهٔ شما کارت شناسایی خود را اسکن کند.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="222"/>
        <source>Share your contact details?</source>
        <translation>اطلاعات تماس خود را به اشتراک می‌گذارید؟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="223"/>
        <source>Each of you decides. Nothing is shared unless you tick your own box.</source>
        <translation>هر کس خودش تصمیم می‌گیرد. تا خانهٔ خودتان را علامت نزنید، چیزی به اشتراک گذاشته نمی‌شود.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="224"/>
        <source>{name}: share my email and phone with {other}</source>
        <translation>{name}: ایمیل و تلفن من را با {other} به اشتراک بگذار</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="232"/>
        <source>You are connected!</source>
        <translation>شما به هم وصل شدید!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="240"/>
        <source>You both agreed to share your contact details.</source>
        <translation>هر دوی شما با اشتراک اطلاعات تماس موافقت کردید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="242"/>
        <source>Only one of you shared contact details.</source>
        <translation>فقط یکی از شما اطلاعات تماس خود را به اشتراک گذاشت.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="244"/>
        <source>No contact details were shared.</source>
        <translation>هیچ اطلاعات تماسی به اشتراک گذاشته نشد.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="246"/>
        <source>New connections across organizations today: {count}</source>
        <translation>ارتباط‌های تازه میان سازمان‌ها در امروز: {count}</translation>
    </message>
</context>
<context>
    <name>JourneyKioskWindow</name>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="566"/>
        <source>You are anonymous. Scan your badge to add your name, organization and region.</source>
        <translation>شما ناشناس هستید. برای افزودن نام، سازمان و منطقهٔ خود، کارت شناسایی‌تان را اسکن کنید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="572"/>
        <source>Signed: {signature}</source>
        <translation>با امضای: {signature}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="599"/>
        <source>Your note is empty. Write a few words first.</source>
        <translation>یادداشت شما خالی است. اول چند کلمه بنویسید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="603"/>
        <source>Your note is too long: {length} characters, and the limit is {limit}. Please shorten it.</source>
        <translation>یادداشت شما بیش از حد طولانی است: {length} نویسه، و حد مجاز {limit} است. لطفاً آن را کوتاه‌تر کنید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="608"/>
        <source>Something went wrong. Please ask a volunteer.</source>
        <translation>مشکلی پیش آمد. لطفاً از یک داوطلب کمک بخواهید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="672"/>
        <source>Staff</source>
        <translation>کارکنان</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="673"/>
        <source>Staff: leave the kiosk (PIN needed)</source>
        <translation>کارکنان: خروج از کیوسک (رمز PIN لازم است)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="674"/>
        <source>Add your voice</source>
        <translation>صدای خود را اضافه کنید</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="675"/>
        <source>Choose your language above, then touch one of the three.</source>
        <translation>زبان خود را از بالا انتخاب کنید، سپس یکی از سه گزینه را لمس کنید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="678"/>
        <source>Connect with a new partner</source>
        <translation>ارتباط با یک همکار تازه</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="679"/>
        <source>Choose a question</source>
        <translation>یک پرسش را انتخاب کنید</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="683"/>
        <source>Choose what you have or what you need, then a topic.</source>
        <translation>آنچه دارید یا آنچه نیاز دارید را انتخاب کنید، سپس یک موضوع.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="689"/>
        <source>Back</source>
        <translation>بازگشت</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="693"/>
        <source>Touch here and write your note.</source>
        <translation>اینجا را لمس کنید و یادداشت خود را بنویسید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="695"/>
        <source>Write your note here with the keyboard.</source>
        <translation>یادداشت خود را با صفحه‌کلید اینجا بنویسید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="697"/>
        <source>Put it on the wall</source>
        <translation>روی دیوار بگذار</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="698"/>
        <source>Stay anonymous</source>
        <translation>ناشناس بمانید</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="701"/>
        <source>Thank you!</source>
        <translation>سپاسگزاریم!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="704"/>
        <source>Your note will appear on the wall once staff have read it.</source>
        <translation>یادداشت شما پس از خوانده شدن توسط کارکنان روی دیوار نمایش داده می‌شود.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="706"/>
        <source>Your note is on the wall.</source>
        <translation>یادداشت شما روی دیوار است.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="711"/>
        <source>Organizations here that have what you need: {names}</source>
        <translation>سازمان‌هایی در اینجا که آنچه نیاز دارید را دارند: {names}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="716"/>
        <source>Write another</source>
        <translation>یکی دیگر بنویسید</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="717"/>
        <source>Done</source>
        <translation>تمام</translation>
    </message>
</context>
<context>
    <name>SelfServiceDecision</name>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="64"/>
        <source>Attendee</source>
        <translation>شرکت‌کننده</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="65"/>
        <source>Speaker</source>
        <translation>سخنران</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="66"/>
        <source>Exhibitor</source>
        <translation>غرفه‌دار</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="67"/>
        <source>Media</source>
        <translation>رسانه</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="68"/>
        <source>Elected official</source>
        <translation>مقام منتخب</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="69"/>
        <source>Staff</source>
        <translation>کارکنان</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="70"/>
        <source>Volunteer</source>
        <translation>داوطلب</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="78"/>
        <source>Welcome!</source>
        <translation>خوش آمدید!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="79"/>
        <source>Welcome, {name}!</source>
        <translation>{name}، خوش آمدید!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="81"/>
        <source>You are already checked in</source>
        <translation>ورود شما قبلاً ثبت شده است</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="82"/>
        <source>We could not check you in</source>
        <translation>نتوانستیم ورود شما را ثبت کنیم</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="86"/>
        <source>You checked in at {time}.</source>
        <translation>ورود شما ساعت {time} ثبت شد.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="88"/>
        <source>Walk-in: registered just now.</source>
        <translation>ثبت‌نام در محل: همین حالا ثبت‌نام شدید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="93"/>
        <source>Please pick up your badge at the registration table.</source>
        <translation>لطفاً کارت شناسایی خود را از میز ثبت‌نام بگیرید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="95"/>
        <source>If you need your badge, please ask at the registration table.</source>
        <translation>اگر کارت شناسایی خود را لازم دارید، لطفاً از میز ثبت‌نام بپرسید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="96"/>
        <source>Please see a volunteer at the registration table. They will help you.</source>
        <translation>لطفاً به یک داوطلب در میز ثبت‌نام مراجعه کنید. او به شما کمک می‌کند.</translation>
    </message>
</context>
<context>
    <name>SelfServiceWindow</name>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="174"/>
        <source>The camera above the screen reads codes too.</source>
        <translation>دوربین بالای صفحه هم کدها را می‌خواند.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="213"/>
        <source>Scan your QR code to get your badge</source>
        <translation>کد QR خود را اسکن کنید تا کارت شناسایی‌تان را بگیرید</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="215"/>
        <source>Hold the code on your phone or your printed ticket under the scanner.</source>
        <translation>کد روی گوشی یا بلیت چاپی خود را زیر اسکنر بگیرید.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="216"/>
        <source>No code? A volunteer at the registration table will find you.</source>
        <translation>کد ندارید؟ یک داوطلب در میز ثبت‌نام نام شما را پیدا می‌کند.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="218"/>
        <source>How to scan</source>
        <translation>نحوهٔ اسکن</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="219"/>
        <source>Event</source>
        <translation>رویداد</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="221"/>
        <source>Camera</source>
        <translation>دوربین</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="222"/>
        <source>Staff</source>
        <translation>کارکنان</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="223"/>
        <source>Staff: leave self-service (PIN needed)</source>
        <translation>کارکنان: خروج از پذیرش خودکار (رمز PIN لازم است)</translation>
    </message>
</context>
</TS>
