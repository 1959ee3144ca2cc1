<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccountsPage</name>
    <message numerus="yes">
        <location filename="../../ui/office/accounts_page.py" line="477" />
        <source>%n open complaint(s) they received or took over stay open: colleagues carry them on.</source>
        <translation>
            <numerusform>%n open complaint they received or took over stays open: colleagues carry it on.</numerusform>
            <numerusform>%n open complaints they received or took over stay open: colleagues carry them on.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message numerus="yes">
        <location filename="../../ui/office/action_dialogs.py" line="260" />
        <source>%n complaint(s) linked</source>
        <translation>
            <numerusform>%n complaint linked</numerusform>
            <numerusform>%n complaints linked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/action_dialogs.py" line="265" />
        <source>%n complaint(s) will be linked</source>
        <translation>
            <numerusform>%n complaint will be linked</numerusform>
            <numerusform>%n complaints will be linked</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ActionsPage</name>
    <message numerus="yes">
        <location filename="../../ui/office/actions_page.py" line="309" />
        <source>%n action(s), of them overdue: %1</source>
        <translation>
            <numerusform>%n action, of them overdue: %1</numerusform>
            <numerusform>%n actions, of them overdue: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AnalysisPage</name>
    <message numerus="yes">
        <location filename="../../ui/office/analysis_page.py" line="792" />
        <source>&lt;b&gt;%Ln&lt;/b&gt; complaint(s) (the period before: %1, %2; a year earlier: %3, %4)</source>
        <translation>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; complaint (the period before: %1, %2; a year earlier: %3, %4)</numerusform>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; complaints (the period before: %1, %2; a year earlier: %3, %4)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/analysis_page.py" line="802" />
        <source>&lt;b&gt;%Ln&lt;/b&gt; complaint(s) (the period before: %1, %2; no complete records a year earlier)</source>
        <translation>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; complaint (the period before: %1, %2; no complete records a year earlier)</numerusform>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; complaints (the period before: %1, %2; no complete records a year earlier)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/analysis_page.py" line="811" />
        <source>&lt;b&gt;%Ln&lt;/b&gt; complaint(s) (no complete records of the period before)</source>
        <translation>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; complaint (no complete records of the period before)</numerusform>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; complaints (no complete records of the period before)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/analysis_page.py" line="816" />
        <source>&lt;b&gt;%Ln&lt;/b&gt; complaint(s) so far (the period before: %1 in all)</source>
        <translation>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; complaint so far (the period before: %1 in all)</numerusform>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; complaints so far (the period before: %1 in all)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/analysis_page.py" line="819" />
        <source>&lt;b&gt;%Ln&lt;/b&gt; complaint(s) so far</source>
        <translation>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; complaint so far</numerusform>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; complaints so far</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArchivePage</name>
    <message numerus="yes">
        <location filename="../../ui/office/archive_page.py" line="190" />
        <source>%n archived form(s).</source>
        <translation>
            <numerusform>%n archived form.</numerusform>
            <numerusform>%n archived forms.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BackupsPage</name>
    <message numerus="yes">
        <location filename="../../ui/office/backups_page.py" line="278" />
        <source>%n backup(s); the newest taken %1.</source>
        <translation>
            <numerusform>%n backup; the newest taken %1.</numerusform>
            <numerusform>%n backups; the newest taken %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/backups_page.py" line="358" />
        <source>Keep fewer backups? %n backup(s) kept now will be removed after the next backup.</source>
        <translation>
            <numerusform>Keep fewer backups? %n backup kept now will be removed after the next backup.</numerusform>
            <numerusform>Keep fewer backups? %n backups kept now will be removed after the next backup.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/backups_page.py" line="467" />
        <source>Restore the backup taken %1 (%n case(s))? It checked out.</source>
        <translation>
            <numerusform>Restore the backup taken %1 (%Ln case)? It checked out.</numerusform>
            <numerusform>Restore the backup taken %1 (%Ln cases)? It checked out.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/backups_page.py" line="477" />
        <source>%n case(s) received after it will be gone.</source>
        <translation>
            <numerusform>%Ln case received after it will be gone.</numerusform>
            <numerusform>%Ln cases received after it will be gone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/backups_page.py" line="478" />
        <source>%n case(s) changed since will go back to how they were then.</source>
        <translation>
            <numerusform>%Ln case changed since will go back to how it was then.</numerusform>
            <numerusform>%Ln cases changed since will go back to how they were then.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/backups_page.py" line="479" />
        <source>%n other change(s) (accounts, catalogues, settings) will be undone.</source>
        <translation>
            <numerusform>%Ln other change (accounts, catalogues, settings) will be undone.</numerusform>
            <numerusform>%Ln other changes (accounts, catalogues, settings) will be undone.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DamagedDatabaseDialog</name>
    <message numerus="yes">
        <location filename="../../ui/damaged_restore.py" line="117" />
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/damaged_restore.py" line="178" />
        <source>Restore the backup taken %1 (%n case(s)) in place of the damaged database?</source>
        <translation>
            <numerusform>Restore the backup taken %1 (%n case) in place of the damaged database?</numerusform>
            <numerusform>Restore the backup taken %1 (%n cases) in place of the damaged database?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExternalCasesPage</name>
    <message numerus="yes">
        <location filename="../../ui/office/external_cases.py" line="248" />
        <source>%n external case(s) listed.</source>
        <translation>
            <numerusform>%n external case listed.</numerusform>
            <numerusform>%n external cases listed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/external_cases.py" line="249" />
        <source>%n overdue.</source>
        <translation>
            <numerusform>%n overdue.</numerusform>
            <numerusform>%n overdue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/external_cases.py" line="352" />
        <source>Overdue by %n working day(s)</source>
        <translation>
            <numerusform>Overdue by %n working day</numerusform>
            <numerusform>Overdue by %n working days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/external_cases.py" line="355" />
        <source>%n working day(s) left, to %1</source>
        <translation>
            <numerusform>%n working day left, to %1</numerusform>
            <numerusform>%n working days left, to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExternalReminders</name>
    <message numerus="yes">
        <location filename="../../ui/overview.py" line="437" />
        <source>External cases overdue: %n</source>
        <translation>
            <numerusform>External cases overdue: %n</numerusform>
            <numerusform>External cases overdue: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/overview.py" line="442" />
        <source>External cases due soon: %n</source>
        <translation>
            <numerusform>External cases due soon: %n</numerusform>
            <numerusform>External cases due soon: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/overview.py" line="448" />
        <source>overdue by %n working day(s)</source>
        <translation>
            <numerusform>overdue by %n working day</numerusform>
            <numerusform>overdue by %n working days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/overview.py" line="452" />
        <source>%n working day(s) left</source>
        <translation>
            <numerusform>%n working day left</numerusform>
            <numerusform>%n working days left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HotspotsPage</name>
    <message numerus="yes">
        <location filename="../../ui/office/hotspots_page.py" line="205" />
        <source>%n active hot-spot(s) as at the end of %1</source>
        <translation>
            <numerusform>%n active hot-spot as at the end of %1</numerusform>
            <numerusform>%n active hot-spots as at the end of %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/hotspots_page.py" line="259" />
        <source>The %n comparable window(s) before and this one, oldest first: %1. Dashed: where unusual begins.</source>
        <translation>
            <numerusform>The comparable window before and this one, oldest first: %1. Dashed: where unusual begins.</numerusform>
            <numerusform>The %n comparable windows before and this one, oldest first: %1. Dashed: where unusual begins.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message numerus="yes">
        <location filename="../../ui/idle_lock.py" line="186" />
        <source>The desk locked itself after %n idle minute(s). %1, type your password to go on.</source>
        <translation>
            <numerusform>The desk locked itself after %n idle minute. %1, type your password to go on.</numerusform>
            <numerusform>The desk locked itself after %n idle minutes. %1, type your password to go on.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message numerus="yes">
        <location filename="../../ui/account_dialogs.py" line="402" />
        <source>%n open case(s): %1 at the desk, %2 waiting for the office.</source>
        <translation>
            <numerusform>%n open case: %1 at the desk, %2 waiting for the office.</numerusform>
            <numerusform>%n open cases: %1 at the desk, %2 waiting for the office.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/account_dialogs.py" line="451" />
        <source>Archive: %Ln record(s) sealed; archive fingerprint %1 (to check the archive against later)</source>
        <translation>
            <numerusform>Archive: %Ln record sealed; archive fingerprint %1 (to check the archive against later)</numerusform>
            <numerusform>Archive: %Ln records sealed; archive fingerprint %1 (to check the archive against later)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="887" />
        <source>⚠ %n alert(s) from the desk wait for the office.</source>
        <translation>
            <numerusform>⚠ %n alert from the desk waits for the office.</numerusform>
            <numerusform>⚠ %n alerts from the desk wait for the office.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OpenCasesPage</name>
    <message numerus="yes">
        <location filename="../../ui/open_cases.py" line="148" />
        <source>%Ln open case(s)</source>
        <translation>
            <numerusform>%Ln open case</numerusform>
            <numerusform>%Ln open cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/open_cases.py" line="149" />
        <source>: %Ln past the promised time</source>
        <translation>
            <numerusform>: %Ln past the promised time</numerusform>
            <numerusform>: %Ln past the promised time</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/open_cases.py" line="150" />
        <source>, %Ln waiting for the office.</source>
        <translation>
            <numerusform>, %Ln waiting for the office.</numerusform>
            <numerusform>, %Ln waiting for the office.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OwnPasswordDialog</name>
    <message numerus="yes">
        <location filename="../../ui/account_dialogs.py" line="212" />
        <source>At least %n characters</source>
        <translation>
            <numerusform>At least %n character</numerusform>
            <numerusform>At least %n characters</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message numerus="yes">
        <location filename="../../ui/printing.py" line="277" />
        <source>%n page(s), A4</source>
        <translation>
            <numerusform>%n page, A4</numerusform>
            <numerusform>%n pages, A4</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/printing.py" line="296" />
        <source>%n page(s) sent to %1.</source>
        <translation>
            <numerusform>%n page sent to %1.</numerusform>
            <numerusform>%n pages sent to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReceivePage</name>
    <message numerus="yes">
        <location filename="../../ui/intake/receive_page.py" line="345" />
        <source>%1 has complained %n time(s) in the last 12 months</source>
        <translation>
            <numerusform>%1 has complained %n time in the last 12 months</numerusform>
            <numerusform>%1 has complained %n times in the last 12 months</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegisterPage</name>
    <message numerus="yes">
        <location filename="../../ui/register/register_page.py" line="432" />
        <source>Only %Ln complaint(s): %1</source>
        <translation>
            <numerusform>Only %Ln complaint: %1</numerusform>
            <numerusform>Only %Ln complaints: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/register/register_page.py" line="534" />
        <source>%Ln complaint(s)</source>
        <translation>
            <numerusform>%Ln complaint</numerusform>
            <numerusform>%Ln complaints</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RiskPage</name>
    <message numerus="yes">
        <location filename="../../ui/office/risk_page.py" line="178" />
        <source>%n open case(s) at risk.</source>
        <translation>
            <numerusform>%n open case at risk.</numerusform>
            <numerusform>%n open cases at risk.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/risk_page.py" line="180" />
        <source>%n alert(s) from the desk wait for an answer.</source>
        <translation>
            <numerusform>%n alert from the desk waits for an answer.</numerusform>
            <numerusform>%n alerts from the desk wait for an answer.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message numerus="yes">
        <location filename="../../ui/account_dialogs.py" line="113" />
        <source>At least %n characters</source>
        <translation>
            <numerusform>At least %n character</numerusform>
            <numerusform>At least %n characters</numerusform>
        </translation>
    </message>
</context>
</TS>
