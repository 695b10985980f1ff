<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tl">
<context>
    <name>BadgeScan</name>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="269"/>
        <source>That is your ticket. Scan the code on your badge instead.</source>
        <translation>Iyan ang iyong tiket. I-scan na lang ang code sa iyong badge.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="271"/>
        <source>That badge is for another convening.</source>
        <translation>Ang badge na iyan ay para sa ibang pagtitipon.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="273"/>
        <source>We could not find that badge. Please ask a volunteer.</source>
        <translation>Hindi namin mahanap ang badge na iyan. Pakitanong sa isang boluntaryo.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="274"/>
        <source>That is not a badge. Scan the code on your badge.</source>
        <translation>Hindi iyan badge. I-scan ang code sa iyong badge.</translation>
    </message>
</context>
<context>
    <name>ConnectionFlow</name>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="159"/>
        <location filename="../../kiosk/ui/connection_flow.py" line="185"/>
        <source>That is the same badge. The second person scans their own badge.</source>
        <translation>Iisang badge iyan. Ang ikalawang tao ay mag-scan ng sarili niyang badge.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="167"/>
        <location filename="../../kiosk/ui/connection_flow.py" line="188"/>
        <source>You two are already connected.</source>
        <translation>Konektado na kayong dalawa.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="191"/>
        <source>Something went wrong. Please ask a volunteer.</source>
        <translation>May nangyaring mali. Pakitanong sa isang boluntaryo.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="211"/>
        <source>Done</source>
        <translation>Tapos na</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="211"/>
        <source>Cancel</source>
        <translation>Kanselahin</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="212"/>
        <source>Save our connection</source>
        <translation>I-save ang aming koneksyon</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="214"/>
        <source>Connect with a new partner</source>
        <translation>Kumonekta sa bagong katuwang</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="215"/>
        <source>Two people, one after the other: each scans the code on their own badge.</source>
        <translation>Dalawang tao, isa-isa: bawat isa ay mag-scan ng code sa sarili niyang badge.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="218"/>
        <source>Thank you, {name}.</source>
        <translation>Salamat, {name}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="219"/>
        <source>Now your new partner scans their badge.</source>
        <translation>Ngayon, i-scan ng bago mong katuwang ang kanyang badge.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="222"/>
        <source>Share your contact details?</source>
        <translation>Ibahagi ang iyong contact details?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="223"/>
        <source>Each of you decides. Nothing is shared unless you tick your own box.</source>
        <translation>Bawat isa ang magpapasya. Walang ibabahagi hangga&apos;t hindi mo tsine-check ang sarili mong kahon.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="224"/>
        <source>{name}: share my email and phone with {other}</source>
        <translation>{name}: ibahagi ang aking email at telepono kay {other}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="232"/>
        <source>You are connected!</source>
        <translation>Konektado na kayo!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="240"/>
        <source>You both agreed to share your contact details.</source>
        <translation>Pumayag kayong dalawa na ibahagi ang inyong contact details.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="242"/>
        <source>Only one of you shared contact details.</source>
        <translation>Isa lang sa inyo ang nagbahagi ng contact details.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="244"/>
        <source>No contact details were shared.</source>
        <translation>Walang ibinahaging contact details.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/connection_flow.py" line="246"/>
        <source>New connections across organizations today: {count}</source>
        <translation>Mga bagong koneksyon sa pagitan ng mga organisasyon ngayon: {count}</translation>
    </message>
</context>
<context>
    <name>JourneyKioskWindow</name>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="566"/>
        <source>You are anonymous. Scan your badge to add your name, organization and region.</source>
        <translation>Anonimo ka. I-scan ang iyong badge para idagdag ang iyong pangalan, organisasyon at rehiyon.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="572"/>
        <source>Signed: {signature}</source>
        <translation>May pangalan: {signature}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="599"/>
        <source>Your note is empty. Write a few words first.</source>
        <translation>Walang laman ang iyong tala. Sumulat muna ng ilang salita.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="603"/>
        <source>Your note is too long: {length} characters, and the limit is {limit}. Please shorten it.</source>
        <translation>Masyadong mahaba ang iyong tala: {length} na karakter, at ang limitasyon ay {limit}. Pakipaikli ito.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="608"/>
        <source>Something went wrong. Please ask a volunteer.</source>
        <translation>May nangyaring mali. Pakitanong sa isang boluntaryo.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="672"/>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="673"/>
        <source>Staff: leave the kiosk (PIN needed)</source>
        <translation>Staff: umalis sa kiosk (kailangan ang PIN)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="674"/>
        <source>Add your voice</source>
        <translation>Ibahagi ang iyong tinig</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="675"/>
        <source>Choose your language above, then touch one of the three.</source>
        <translation>Piliin ang iyong wika sa itaas, saka pindutin ang isa sa tatlo.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="678"/>
        <source>Connect with a new partner</source>
        <translation>Kumonekta sa bagong katuwang</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="679"/>
        <source>Choose a question</source>
        <translation>Pumili ng tanong</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="683"/>
        <source>Choose what you have or what you need, then a topic.</source>
        <translation>Piliin kung ano ang mayroon kayo o ang kailangan ninyo, saka pumili ng paksa.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="689"/>
        <source>Back</source>
        <translation>Bumalik</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="693"/>
        <source>Touch here and write your note.</source>
        <translation>Pindutin dito at isulat ang iyong tala.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="695"/>
        <source>Write your note here with the keyboard.</source>
        <translation>Isulat dito ang iyong tala gamit ang keyboard.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="697"/>
        <source>Put it on the wall</source>
        <translation>Ilagay sa pader</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="698"/>
        <source>Stay anonymous</source>
        <translation>Manatiling anonimo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="701"/>
        <source>Thank you!</source>
        <translation>Salamat!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="704"/>
        <source>Your note will appear on the wall once staff have read it.</source>
        <translation>Lalabas ang iyong tala sa pader kapag nabasa na ito ng staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="706"/>
        <source>Your note is on the wall.</source>
        <translation>Nasa pader na ang iyong tala.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="711"/>
        <source>Organizations here that have what you need: {names}</source>
        <translation>Mga organisasyon dito na may kailangan ninyo: {names}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="716"/>
        <source>Write another</source>
        <translation>Sumulat ng isa pa</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/journey_kiosk.py" line="717"/>
        <source>Done</source>
        <translation>Tapos na</translation>
    </message>
</context>
<context>
    <name>SelfServiceDecision</name>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="64"/>
        <source>Attendee</source>
        <translation>Dumalo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="65"/>
        <source>Speaker</source>
        <translation>Tagapagsalita</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="66"/>
        <source>Exhibitor</source>
        <translation>Exhibitor</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="67"/>
        <source>Media</source>
        <translation>Media</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="68"/>
        <source>Elected official</source>
        <translation>Halal na opisyal</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="69"/>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="70"/>
        <source>Volunteer</source>
        <translation>Boluntaryo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="78"/>
        <source>Welcome!</source>
        <translation>Maligayang pagdating!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="79"/>
        <source>Welcome, {name}!</source>
        <translation>Maligayang pagdating, {name}!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="81"/>
        <source>You are already checked in</source>
        <translation>Naka-check in ka na</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="82"/>
        <source>We could not check you in</source>
        <translation>Hindi ka namin ma-check in</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="86"/>
        <source>You checked in at {time}.</source>
        <translation>Nag-check in ka nang {time}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="88"/>
        <source>Walk-in: registered just now.</source>
        <translation>Walk-in: kakarehistro lang.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="93"/>
        <source>Please pick up your badge at the registration table.</source>
        <translation>Pakikuha ang iyong badge sa registration table.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="95"/>
        <source>If you need your badge, please ask at the registration table.</source>
        <translation>Kung kailangan mo ang iyong badge, pakitanong sa registration table.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="96"/>
        <source>Please see a volunteer at the registration table. They will help you.</source>
        <translation>Pakipuntahan ang isang boluntaryo sa registration table. Tutulungan ka nila.</translation>
    </message>
</context>
<context>
    <name>SelfServiceWindow</name>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="174"/>
        <source>The camera above the screen reads codes too.</source>
        <translation>Nababasa rin ng camera sa itaas ng screen ang mga code.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="213"/>
        <source>Scan your QR code to get your badge</source>
        <translation>I-scan ang iyong QR code para makuha ang iyong badge</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="215"/>
        <source>Hold the code on your phone or your printed ticket under the scanner.</source>
        <translation>Itapat sa ilalim ng scanner ang code sa iyong phone o sa naka-print mong tiket.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="216"/>
        <source>No code? A volunteer at the registration table will find you.</source>
        <translation>Walang code? Hahanapin ka ng isang boluntaryo sa registration table.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="218"/>
        <source>How to scan</source>
        <translation>Paano mag-scan</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="219"/>
        <source>Event</source>
        <translation>Kaganapan</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="221"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="222"/>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/self_service.py" line="223"/>
        <source>Staff: leave self-service (PIN needed)</source>
        <translation>Staff: umalis sa self-service (kailangan ang PIN)</translation>
    </message>
</context>
</TS>
