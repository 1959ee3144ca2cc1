<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccountsPage</name>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="202" />
        <source>Accounts</source>
        <translation>账号管理</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="205" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="206" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="207" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="208" />
        <source>Per case</source>
        <translation>每单授权额度</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="209" />
        <source>Per day</source>
        <translation>每日授权额度</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="210" />
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="214" />
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="215" />
        <source>Fu&amp;ll name:</source>
        <translation>姓名(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="218" />
        <source>Repea&amp;t it:</source>
        <translation>确认密码(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="230" />
        <source>&amp;Release the lock</source>
        <translation>解除锁定(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="295" />
        <source>✓, own password to choose</source>
        <translation>✓，待设自己的密码</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="307" />
        <source>An administrator manages the accounts and the set-up: no limit binds it, and it needs no remedy granted.</source>
        <translation>管理员负责账号和基础设置：不受授权额度限制，也无需授予补偿方式。</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="325" />
        <source>Discard what you typed?</source>
        <translation>放弃刚填写的内容？</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="326" />
        <source>The account's changes typed here are not saved yet and will be lost. To keep them, Save first.</source>
        <translation>此处对账号所作的修改尚未保存，将会丢失。如要保留，请先点“保存”。</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="440" />
        <source>Saved: %1 (%2).</source>
        <translation>已保存：%1（%2）。</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="456" />
        <source>New password set for %1 (%2): they log in with it, then choose their own.</source>
        <translation>已为 %1（%2）设置新密码：对方用它登录后，再设置自己的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="471" />
        <source>Disable an account</source>
        <translation>停用账号</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="472" />
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="473" />
        <source>Disable %1? They can no longer log in, and a desk where they are logged in is locked at their next step.</source>
        <translation>停用 %1？停用后将无法登录；其正在登录的受理台会在下一步操作时被锁定。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/accounts_page.py" line="477" />
        <source>%n open complaint(s) they received or took over stay open: colleagues carry them on.</source>
        <translation>
            <numerusform>其受理或接管的 %n 件未结投诉仍保持未结，需由同事接手处理。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="480" />
        <source>&amp;Disable</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="523" />
        <source>You cannot disable your own account.</source>
        <translation>不能停用您自己的账号。</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="525" />
        <source>You cannot take away your own administrator role.</source>
        <translation>不能取消您自己的管理员角色。</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="534" />
        <source>Locked until %1 after wrong passwords: release the lock, or it opens by itself then</source>
        <translation>因多次输错密码锁定至 %1：可解除锁定，或到时自动解锁</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="231" />
        <source>Let the person log in again now, with the password they have</source>
        <translation>让本人现在就能用原来的密码再次登录</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="217" />
        <source>Initial pass&amp;word:</source>
        <translation>初始密码(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="222" />
        <source>Account:</source>
        <translation>账号状态：</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="310" />
        <source>The office decides escalated cases: no limit binds it, and it needs no remedy granted.</source>
        <translation>上报的投诉由办公室决定：办公室不受授权额度限制，也无需授予补偿方式。</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="244" />
        <source>%1 (office only)</source>
        <translation>%1（仅限办公室）</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="246" />
        <source>Given only by the office's decision on an escalated case</source>
        <translation>只能由办公室在处理上报投诉时决定给予</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="268" />
        <location filename="../../ui/office/accounts_page.py" line="269" />
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="293" />
        <source>locked until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="413" />
        <source>The two passwords differ; type the same password twice.</source>
        <translation>两次输入的密码不一致，请重新输入相同的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="529" />
        <source>Disa&amp;ble</source>
        <translation>停用(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="529" />
        <source>Ena&amp;ble</source>
        <translation>启用(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="531" />
        <source>May log in once saved</source>
        <translation>保存后即可登录</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="539" />
        <source>Enabled: logs in with the password an administrator set, then chooses their own</source>
        <translation>已启用：用管理员设置的密码登录，然后设置自己的密码</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="542" />
        <source>Enabled (may log in)</source>
        <translation>已启用（可以登录）</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="544" />
        <source>Disabled (may not log in)</source>
        <translation>已停用（不能登录）</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="216" />
        <source>R&amp;ole:</source>
        <translation>角色(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="219" />
        <source>Limit per &amp;case (yuan):</source>
        <translation>每单授权额度（元）(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="220" />
        <source>Limit per &amp;day (yuan):</source>
        <translation>每日授权额度（元）(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="221" />
        <source>May &amp;grant:</source>
        <translation>可给予的补偿(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="227" />
        <source>&amp;New account</source>
        <translation>新建账号(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="228" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="229" />
        <source>Reset &amp;password…</source>
        <translation>重设密码(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="221" />
        <source>Change improvement action %1</source>
        <translation>修改整改措施 %1</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="223" />
        <source>Improvement action for a hot-spot</source>
        <translation>针对热点投诉的整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="225" />
        <source>New improvement action</source>
        <translation>新建整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="228" />
        <source>&amp;Complaint:</source>
        <translation>投诉(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="229" />
        <source>&amp;Problem:</source>
        <translation>问题(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="230" />
        <source>C&amp;ause:</source>
        <translation>原因(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="231" />
        <source>&amp;Measure:</source>
        <translation>整改措施(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="232" />
        <source>&amp;Department:</source>
        <translation>责任部门(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="233" />
        <source>&amp;Responsible:</source>
        <translation>责任人(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="234" />
        <source>D&amp;ue on:</source>
        <translation>完成期限(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="235" />
        <source>&amp;Effect measured over:</source>
        <translation>效果观察期(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="236" />
        <source>&amp;Watch:</source>
        <translation>观察对象(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="242" />
        <source>%1 days after it is done</source>
        <translation>完成后 %1 天</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="243" />
        <source>Archive number, #id, the customer's phone or name</source>
        <translation>归档编号、#序号、顾客电话或姓名</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="244" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="244" />
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="244" />
        <source>Complaint</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="245" />
        <source>What keeps going wrong, in a sentence</source>
        <translation>一句话说明反复出现的问题</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="246" />
        <source>Why it happens, as far as it is known</source>
        <translation>目前掌握的原因</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="247" />
        <source>What will be changed so that it stops</source>
        <translation>为杜绝问题要改变什么</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="248" />
        <source>Who sees it through, e.g. head chef Zhou</source>
        <translation>负责落实的人，如厨师长周某</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="249" />
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="254" />
        <source>nothing: judged by the office</source>
        <translation>无：由办公室自行判断</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/action_dialogs.py" line="260" />
        <source>%n complaint(s) linked</source>
        <translation>
            <numerusform>已关联 %n 件投诉</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/action_dialogs.py" line="265" />
        <source>%n complaint(s) will be linked</source>
        <translation>
            <numerusform>将关联 %n 件投诉</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="262" />
        <source>The desk's suggestion on complaint %1: %2</source>
        <translation>值班经理在投诉 %1 上的建议：%2</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="215" />
        <source>%1 (retired)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="267" />
        <source>Find the complaint the action comes from.</source>
        <translation>请查找整改所针对的投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="295" />
        <source>Nothing: the office judges the effect itself</source>
        <translation>不观察：由办公室自行判断效果</translation>
    </message>
</context>
<context>
    <name>ActionDialogs</name>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="90" />
        <source>Discard what you typed?</source>
        <translation>放弃刚填写的内容？</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="91" />
        <source>Nothing of it is saved yet, and what you typed will be lost.</source>
        <translation>这些内容尚未保存，放弃后将会丢失。</translation>
    </message>
</context>
<context>
    <name>ActionLabels</name>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="123" />
        <source>Received</source>
        <translation>受理登记</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="124" />
        <source>Receipt changed</source>
        <translation>修改受理信息</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="125" />
        <source>Investigation recorded</source>
        <translation>记录调查结果</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="126" />
        <source>Proposal offered</source>
        <translation>提出处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="130" />
        <source>Office's decision told to the customer</source>
        <translation>向顾客转达办公室决定</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="132" />
        <source>Proposal details</source>
        <translation>方案内容</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="133" />
        <source>Escalated to the office</source>
        <translation>上报办公室</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="136" />
        <source>New time told to the customer</source>
        <translation>告知顾客新的答复时间</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="138" />
        <source>Office decision</source>
        <translation>办公室作出决定</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="141" />
        <source>Decided: waiting for the customer's answer</source>
        <translation>已决定，待顾客答复</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="144" />
        <source>Remedies changed by the office</source>
        <translation>办公室修改补偿</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="146" />
        <source>Customer's answer recorded</source>
        <translation>记录顾客意见</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="148" />
        <source>Follow-up recorded</source>
        <translation>登记后续事项</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="149" />
        <source>Closed</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="150" />
        <source>Withdrawn</source>
        <translation>撤回</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="151" />
        <source>Sealed into the archive</source>
        <translation>封存归档</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="152" />
        <source>Archived record amended</source>
        <translation>更正归档记录</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="153" />
        <source>Evidence attached</source>
        <translation>添加证据附件</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="154" />
        <source>Referred to an outside body</source>
        <translation>转介外部机构</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="155" />
        <source>Taken over by the office</source>
        <translation>已由办公室接管</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="157" />
        <source>Office told of an escalation risk</source>
        <translation>通知办公室越级风险</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="160" />
        <source>Open cases assessed for escalation risk</source>
        <translation>评估未结投诉的越级风险</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="163" />
        <source>Risk warning acknowledged by the office</source>
        <translation>办公室已知悉风险</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="166" />
        <source>External case recorded</source>
        <translation>登记外部投诉</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="169" />
        <source>External case corrected</source>
        <translation>修改外部投诉</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="172" />
        <source>Reply to the outside body started</source>
        <translation>开始答复外部机构</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="175" />
        <source>Reply sent to the outside body</source>
        <translation>已答复外部机构</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="178" />
        <source>File added to the external case</source>
        <translation>外部投诉添加附件</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="181" />
        <source>External case closed</source>
        <translation>外部投诉结案</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="184" />
        <source>External case sealed into the archive</source>
        <translation>外部投诉封存归档</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="187" />
        <source>Joined a hot-spot; the office was told</source>
        <translation>属热点投诉，已通知办公室</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="190" />
        <source>Suggestion taken into an improvement action</source>
        <translation>建议已纳入整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="193" />
        <source>Suggestion dismissed by the office</source>
        <translation>建议经办公室研究不予整改</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="196" />
        <source>Recovery from a third party recorded</source>
        <translation>登记向第三方追偿</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="198" />
        <source>Recovery mark removed</source>
        <translation>撤销追偿标记</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="199" />
        <source>Follow-up done</source>
        <translation>后续事项已完成</translation>
    </message>
</context>
<context>
    <name>ActionsPage</name>
    <message>
        <location filename="../../ui/office/actions_page.py" line="223" />
        <source>Improvement actions</source>
        <translation>整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="224" />
        <source>Actions</source>
        <translation>整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="226" />
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="228" />
        <source>Raised from</source>
        <translation>提出日期</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="229" />
        <source>&amp;Print the list…</source>
        <translation>打印一览表(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="230" />
        <source>&amp;New from a complaint…</source>
        <translation>根据投诉新建(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="231" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="231" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="231" />
        <source>Responsible</source>
        <translation>责任部门/责任人</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="231" />
        <source>Due</source>
        <translation>完成期限</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="232" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="232" />
        <source>Complaints</source>
        <translation>关联投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="233" />
        <source>&amp;Change…</source>
        <translation>修改(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="234" />
        <source>&amp;Start</source>
        <translation>开始整改(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="235" />
        <source>Mark &amp;done…</source>
        <translation>整改完成(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="236" />
        <source>&amp;Verify the effect…</source>
        <translation>验证效果(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="237" />
        <source>&amp;Reopen…</source>
        <translation>重新整改(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="239" />
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="239" />
        <source>Closed</source>
        <translation>结案时间</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="239" />
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="239" />
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="239" />
        <source>Suggestion</source>
        <translation>改进建议</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="241" />
        <source>&amp;Take into a new action…</source>
        <translation>纳入新的整改措施(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="242" />
        <source>&amp;Add to an action…</source>
        <translation>并入已有整改措施(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="243" />
        <source>&amp;Dismiss…</source>
        <translation>不予整改(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="248" />
        <source>Suggestions from the desk (%1)</source>
        <translation>值班经理的改进建议（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="295" />
        <location filename="../../ui/office/actions_page.py" line="381" />
        <source>%1, overdue</source>
        <translation>%1，已超期</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/actions_page.py" line="309" />
        <source>%n action(s), of them overdue: %1</source>
        <translation>
            <numerusform>共 %n 项整改措施，其中已超期 %1 项</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="383" />
        <source>nothing: judged by the office</source>
        <translation>无：由办公室自行判断</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="387" />
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="388" />
        <source>Problem:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="389" />
        <source>Cause:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="390" />
        <source>Measure:</source>
        <translation>整改措施：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="391" />
        <source>Responsible:</source>
        <translation>责任部门/责任人：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="392" />
        <source>Due on:</source>
        <translation>完成期限：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="393" />
        <source>Came from:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="394" />
        <source>Watches:</source>
        <translation>观察对象：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="395" />
        <source>Raised:</source>
        <translation>提出：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="396" />
        <source>Done:</source>
        <translation>完成：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="397" />
        <source>What was done:</source>
        <translation>整改情况：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="398" />
        <source>Verified:</source>
        <translation>验证：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="399" />
        <source>Note:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="406" />
        <source>The effect</source>
        <translation>整改效果</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="408" />
        <source>Measuring the effect…</source>
        <translation>正在统计整改效果…</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="411" />
        <source>The effect the office confirmed</source>
        <translation>办公室确认的整改效果</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="413" />
        <source>The effect at its last verification</source>
        <translation>上次验证时的整改效果</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="419" />
        <source>The office judged it: %1.</source>
        <translation>办公室判定：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="420" />
        <source>The figures said otherwise — %1</source>
        <translation>数据的判断与此不同——%1</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="430" />
        <source>Complaints: %1</source>
        <translation>关联投诉：%1 件</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="437" />
        <source>History</source>
        <translation>处理经过</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="442" />
        <source>: </source>
        <translation>：</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="512" />
        <source>The %1 newest of %2 suggestions without a decision</source>
        <translation>待研究的改进建议共 %2 条，显示最新 %1 条</translation>
    </message>
    <message>
        <location filename="../../ui/office/actions_page.py" line="552" />
        <source>How this is judged: the same complaints in the days after the action was done, against as many days up to when it was taken, allowing for how many complaints came in altogether. It is effective when they fell by more than chance would explain (a chance of 5 % or less) and are back to their usual level from before the problem, judged as hot-spots are.</source>
        <translation>怎样判断：比较整改完成后一段时间内与提出整改前同样长的时间内同一类投诉的数量，并按期间投诉总量的增减折算。减少得多到不像是偶然（偶然出现的可能不超过 5%），并且回到问题出现前的常态水平（与热点投诉的判断方法相同），才算有效。</translation>
    </message>
</context>
<context>
    <name>AddToActionDialog</name>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="493" />
        <source>Add the suggestion on %1 to an action</source>
        <translation>将 %1 的建议并入整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="494" />
        <source>“%1”
Which action takes it in?</source>
        <translation>“%1”
并入哪项整改措施？</translation>
    </message>
</context>
<context>
    <name>AmendDialog</name>
    <message>
        <location filename="../../ui/office/amend_dialog.py" line="17" />
        <source>Customer's name</source>
        <translation>顾客姓名</translation>
    </message>
    <message>
        <location filename="../../ui/office/amend_dialog.py" line="18" />
        <source>Customer's phone</source>
        <translation>顾客电话</translation>
    </message>
    <message>
        <location filename="../../ui/office/amend_dialog.py" line="19" />
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/office/amend_dialog.py" line="20" />
        <source>The complaint</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <location filename="../../ui/office/amend_dialog.py" line="21" />
        <source>Investigation findings</source>
        <translation>调查结果</translation>
    </message>
    <message>
        <location filename="../../ui/office/amend_dialog.py" line="22" />
        <source>Remedies and amounts</source>
        <translation>补偿方式和金额</translation>
    </message>
    <message>
        <location filename="../../ui/office/amend_dialog.py" line="23" />
        <source>Something else</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/office/amend_dialog.py" line="51" />
        <source>Correct %1</source>
        <translation>更正 %1</translation>
    </message>
    <message>
        <location filename="../../ui/office/amend_dialog.py" line="54" />
        <source>The archived form stays as it was sealed. The correction is added to the archive, sealed, and printed with the form.</source>
        <translation>已归档的记录表保持封存时的原样。更正内容将追加到归档中并封存，打印记录表时一并打印。</translation>
    </message>
    <message>
        <location filename="../../ui/office/amend_dialog.py" line="58" />
        <source>&amp;What is corrected:</source>
        <translation>更正项目(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/amend_dialog.py" line="59" />
        <source>&amp;Correct text:</source>
        <translation>正确内容(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/amend_dialog.py" line="60" />
        <source>&amp;Reason:</source>
        <translation>更正原因(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>AmountBox</name>
    <message>
        <location filename="../../ui/widgets.py" line="273" />
        <source>At most %1: a larger amount is refused.</source>
        <translation>金额最多为 %1，更大的金额不能输入。</translation>
    </message>
</context>
<context>
    <name>AnalysisPage</name>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="364" />
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="573" />
        <source>All complaints of the period (no filter)</source>
        <translation>本期全部投诉（未筛选）</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="622" />
        <source>Analysis</source>
        <translation>投诉分析</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="624" />
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="625" />
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="626" />
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="627" />
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="628" />
        <source>Dates</source>
        <translation>自定日期</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="632" />
        <source>◀ &amp;Previous</source>
        <translation>◀ 上一期(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="633" />
        <source>&amp;Next ▶</source>
        <translation>下一期(&amp;N) ▶</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="634" />
        <location filename="../../ui/office/analysis_page.py" line="885" />
        <location filename="../../ui/office/analysis_page.py" line="1137" />
        <location filename="../../ui/office/analysis_page.py" line="1181" />
        <source>The period before</source>
        <translation>上一期</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="635" />
        <source>The period after</source>
        <translation>下一期</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="636" />
        <source>P&amp;rint…</source>
        <translation>打印(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="637" />
        <source>E&amp;xport table…</source>
        <translation>导出表格(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="638" />
        <source>The table of the tab shown, as an Excel workbook or a CSV file</source>
        <translation>将当前标签页的表格导出为 Excel 工作簿或 CSV 文件</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="639" />
        <source>All categories</source>
        <translation>全部分类</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="640" />
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="642" />
        <source>All duty managers</source>
        <translation>全部值班经理</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="643" />
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="644" />
        <source>Open cases</source>
        <translation>未结投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="648" />
        <source>Only complaints with these words (as in the register)</source>
        <translation>只统计含这些字词的投诉（与台账搜索相同）</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="783" />
        <source>No complaint in this period matches the filters.</source>
        <translation>本期没有符合筛选条件的投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="785" />
        <source>No complaints in this period.</source>
        <translation>本期没有投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="651" />
        <source>Times and promises</source>
        <translation>时效与承诺</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="652" />
        <source>Locations</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="653" />
        <source>Channels and severity</source>
        <translation>来源与严重程度</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="654" />
        <source>Duty managers</source>
        <translation>值班经理</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="655" />
        <source>External cases</source>
        <translation>外部投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="656" />
        <source>Hot-spots and actions</source>
        <translation>热点与整改</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="657" />
        <source>Cost of service recovery</source>
        <translation>服务补救成本</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="658" />
        <source>Cost against effect</source>
        <translation>成本与效果</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="659" />
        <source>Recovery from third parties</source>
        <translation>向第三方追偿</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="695" />
        <source>The last day comes before the first.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="702" />
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="735" />
        <source>Computing the figures…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="772" />
        <source>Complaints by category</source>
        <translation>各分类投诉数</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="773" />
        <source>Complaints by department</source>
        <translation>各部门投诉数</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="824" />
        <source>closed %1, withdrawn %2, open %3</source>
        <translation>已结案 %1，撤回 %2，未结 %3</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="830" />
        <source>first response in %1 (median), closed in %2 (median)</source>
        <translation>首次答复用时 %1（中位数），结案用时 %2（中位数）</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="844" />
        <source>%1.</source>
        <comment>the summary's clauses</comment>
        <translation>%1。</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="857" />
        <source>The period is not over (day %1 of %2): its figures are not yet comparable with whole periods.</source>
        <translation>本期尚未结束（第 %1 天，共 %2 天）：其数据还不能与完整的期间相比。</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="865" />
        <location filename="../../ui/office/analysis_page.py" line="1330" />
        <source>Not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="884" />
        <source>This period</source>
        <translation>本期</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="931" />
        <source>Complaints per week</source>
        <translation>每周投诉数</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1002" />
        <source>Compensation (yuan)</source>
        <translation>补偿金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="996" />
        <source>Not charged</source>
        <translation>未指定承担部门</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/analysis_page.py" line="816" />
        <source>&lt;b&gt;%Ln&lt;/b&gt; complaint(s) so far (the period before: %1 in all)</source>
        <translation>
            <numerusform>截至目前投诉 &lt;b&gt;%Ln&lt;/b&gt; 件（上一期全期：%1 件）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/analysis_page.py" line="819" />
        <source>&lt;b&gt;%Ln&lt;/b&gt; complaint(s) so far</source>
        <translation>
            <numerusform>截至目前投诉 &lt;b&gt;%Ln&lt;/b&gt; 件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="902" />
        <source>%1: %2 (the period before: %3)</source>
        <translation>%1：%2 件（上一期：%3 件）</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="904" />
        <source>%1: %2 in the period before</source>
        <translation>%1：上一期 %2 件</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="915" />
        <source>%1 others</source>
        <translation>其余 %1 项</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="940" />
        <source>Whole weeks</source>
        <translation>整周</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1019" />
        <source>%1: %2 yuan</source>
        <translation>%1：%2 元</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1051" />
        <source>Customers</source>
        <translation>顾客数</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1058" />
        <source>Satisfaction (1 to 5; average %1)</source>
        <translation>满意度（1–5 分；平均 %1）</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1104" />
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1104" />
        <location filename="../../ui/office/analysis_page.py" line="1194" />
        <location filename="../../ui/office/analysis_page.py" line="1240" />
        <location filename="../../ui/office/analysis_page.py" line="1287" />
        <source>Cases</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1104" />
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1104" />
        <source>90th percentile</source>
        <translation>第 90 百分位数</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1106" />
        <source>Time to first response</source>
        <translation>首次答复用时</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1107" />
        <source>Time to closing</source>
        <translation>结案用时</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1108" />
        <source>Waiting for the office's decision</source>
        <translation>等待办公室决定用时</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1109" />
        <source>Promised waits</source>
        <translation>承诺答复</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1111" />
        <source>… answered in time</source>
        <translation>… 按时答复</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1117" />
        <source>… answered late</source>
        <translation>… 超时答复</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1122" />
        <source>… open and overdue now</source>
        <translation>… 未结且已超时</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1123" />
        <source>… still within the promise</source>
        <translation>… 尚在承诺时间内</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1125" />
        <source>… ended without an answer (withdrawn)</source>
        <translation>… 未答复即结束（撤回）</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1126" />
        <source>Escalated to the office (cases)</source>
        <translation>上报办公室（件）</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1127" />
        <source>… still waiting for the office</source>
        <translation>… 仍在等待办公室</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1128" />
        <source>Customers who complained more than once</source>
        <translation>多次投诉的顾客</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1130" />
        <source>Complaints from returning customers (90 days)</source>
        <translation>90 天内再次投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1137" />
        <location filename="../../ui/office/analysis_page.py" line="1180" />
        <source>Complaints</source>
        <translation>投诉数</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1137" />
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1137" />
        <source>A year earlier</source>
        <translation>去年同期</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1153" />
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1155" />
        <source>Channel or severity</source>
        <translation>来源或严重程度</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1179" />
        <source>Duty manager</source>
        <translation>值班经理</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1182" />
        <location filename="../../ui/office/analysis_page.py" line="1240" />
        <source>Compensation</source>
        <translation>补偿金额</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1183" />
        <source>Largest case</source>
        <translation>单件最高</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1184" />
        <source>Limit per case</source>
        <translation>每单授权额度</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1185" />
        <source>Cases over it (office)</source>
        <translation>超出授权（转办公室）件数</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1186" />
        <source>Busiest day at the desk</source>
        <translation>受理台单日最高</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1187" />
        <source>Daily limit</source>
        <translation>每日授权额度</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1194" />
        <source>Channel or outcome</source>
        <translation>渠道或结果</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1196" />
        <source>External cases received</source>
        <translation>收到的外部投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1197" />
        <source>… closed</source>
        <translation>… 已结案</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1205" />
        <source>Not closed yet</source>
        <translation>尚未结案</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1211" />
        <source>Hot-spot or action</source>
        <translation>热点或整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1211" />
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1211" />
        <source>Actions</source>
        <translation>整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1213" />
        <source>Improvement actions created</source>
        <translation>新建整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1214" />
        <source>… open or in progress</source>
        <translation>… 待整改或整改中</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1215" />
        <source>… done, effect not judged yet</source>
        <translation>… 已完成，效果待评估</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1216" />
        <source>… verified effective</source>
        <translation>… 经验证有效</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1217" />
        <source>… verified not effective</source>
        <translation>… 经验证无效</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1218" />
        <source>… overdue</source>
        <translation>… 已超期</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1219" />
        <source>Actions completed in the period</source>
        <translation>本期完成的整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1234" />
        <source>no action yet</source>
        <translation>尚无整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1240" />
        <location filename="../../ui/office/analysis_page.py" line="1307" />
        <source>Lines</source>
        <translation>补偿项数</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1240" />
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1242" />
        <source>All compensation accepted</source>
        <translation>顾客接受的补偿合计</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1243" />
        <source>… per compensated case</source>
        <translation>… 每件有补偿的投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1244" />
        <source>… per complaint</source>
        <translation>… 每件投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1249" />
        <source>Charged to %1</source>
        <translation>由%1承担</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1250" />
        <source>no department</source>
        <translation>未指定部门</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1259" />
        <location filename="../../ui/office/analysis_page.py" line="1298" />
        <source>Remedy: %1</source>
        <translation>补偿类型：%1</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1275" />
        <source>No compensation</source>
        <translation>无补偿</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1277" />
        <source>Above %1 yuan</source>
        <translation>超过 %1 元</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1286" />
        <source>Which cases</source>
        <translation>投诉分组</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1288" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1289" />
        <source>Per case</source>
        <translation>每件</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1290" />
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1291" />
        <source>Came back in 90 days</source>
        <translation>90 天内再次投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1294" />
        <source>Small, settled at the desk</source>
        <translation>小额，受理台当场解决</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1295" />
        <source>Large, through the office</source>
        <translation>大额，经办公室处理</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1306" />
        <source>Recoverable from</source>
        <translation>追偿对象</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1308" />
        <source>Due</source>
        <translation>应追偿</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1309" />
        <source>Recovered</source>
        <translation>已追回</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1310" />
        <source>Outstanding</source>
        <translation>未追回</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1314" />
        <source>All third parties</source>
        <translation>全部第三方</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1400" />
        <source>%1 · page %2</source>
        <translation>%1 · 第 %2 页</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1465" />
        <source>… %1 more rows are not printed: the Analysis section lists them all.</source>
        <translation>……另有 %1 行未打印，“投诉分析”页面列有全部内容。</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1484" />
        <source>with the words “%1”</source>
        <translation>含“%1”字样</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1485" />
        <source>Only these complaints: %1</source>
        <translation>仅统计以下投诉：%1</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="568" />
        <location filename="../../ui/office/analysis_page.py" line="1331" />
        <location filename="../../ui/office/analysis_page.py" line="1349" />
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/analysis_page.py" line="792" />
        <source>&lt;b&gt;%Ln&lt;/b&gt; complaint(s) (the period before: %1, %2; a year earlier: %3, %4)</source>
        <translation>
            <numerusform>投诉 &lt;b&gt;%Ln&lt;/b&gt; 件（上一期：%1，%2；去年同期：%3，%4）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/analysis_page.py" line="802" />
        <source>&lt;b&gt;%Ln&lt;/b&gt; complaint(s) (the period before: %1, %2; no complete records a year earlier)</source>
        <translation>
            <numerusform>投诉 &lt;b&gt;%Ln&lt;/b&gt; 件（上一期：%1，%2；去年同期无完整记录）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/analysis_page.py" line="811" />
        <source>&lt;b&gt;%Ln&lt;/b&gt; complaint(s) (no complete records of the period before)</source>
        <translation>
            <numerusform>投诉 &lt;b&gt;%Ln&lt;/b&gt; 件（上一期无完整记录）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="835" />
        <source>satisfaction %1 out of 5</source>
        <translation>满意度 %1（满分 5）</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="839" />
        <source>compensation %1 yuan (%2 per compensated case)</source>
        <translation>补偿 %1 元（每件有补偿的投诉 %2 元）</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="950" />
        <location filename="../../ui/office/analysis_page.py" line="959" />
        <source>Partial weeks</source>
        <translation>不满一周</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="974" />
        <source>Weeks from Monday; a partial week counts only its days in the period</source>
        <translation>按周一至周日分周；不满一周的只计本期内的日子</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1013" />
        <source>Compensation by department (yuan)</source>
        <translation>各承担部门的补偿金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1198" />
        <source>… unanswered past their deadline</source>
        <translation>… 已过期限仍未答复</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1226" />
        <source>Hot-spot: %1, since %2 (its complaints in the period)</source>
        <translation>热点：%1，始于 %2（本期该类投诉数）</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1281" />
        <source>Up to %1 yuan</source>
        <translation>不超过 %1 元</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1282" />
        <source>Above %1, up to %2 yuan</source>
        <translation>超过 %1 元，不超过 %2 元</translation>
    </message>
    <message>
        <location filename="../../ui/office/analysis_page.py" line="1476" />
        <source>Complaint analysis: %1</source>
        <translation>投诉分析：%1</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/app.py" line="210" />
        <location filename="../../ui/app.py" line="309" />
        <location filename="../../ui/app.py" line="488" />
        <location filename="../../ui/automatic_backups.py" line="111" />
        <location filename="../../ui/tasks.py" line="173" />
        <source>Complaint Desk</source>
        <translation>投诉受理台</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="474" />
        <source>Copying the demo data to the server… ({rows} rows copied)</source>
        <translation>正在把演示数据复制到服务器…（已复制 {rows} 行）</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="490" />
        <source>Updating the database; a backup copy is made first…</source>
        <translation>正在升级数据库，先备份数据库文件…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="494" />
        <source>Rebuilding the indexes a demo load left out…</source>
        <translation>正在重建演示数据导入暂时移除的索引…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="498" />
        <source>Rebuilding the analysis figures a demo load left out…</source>
        <translation>正在重建演示数据导入未完成的分析统计…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="510" />
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="520" />
        <source>Creating demo staff and complaints…</source>
        <translation>正在创建演示员工和投诉…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="545" />
        <source>Demo accounts</source>
        <translation>演示账号</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="546" />
        <source>&lt;p&gt;The demo staff can log in with these passwords. Note them down.&lt;/p&gt;</source>
        <translation>&lt;p&gt;演示员工可用以下密码登录，请记下。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="547" />
        <source>&lt;p&gt;They were drawn at random for this database and are shown only this once.&lt;/p&gt;</source>
        <translation>&lt;p&gt;这些密码为本数据库随机生成，只显示这一次。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ArchivePage</name>
    <message>
        <location filename="../../ui/office/archive_page.py" line="128" />
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="129" />
        <source>Archive number, e.g. TS-2026-000123 or 000123</source>
        <translation>归档编号，例如 TS-2026-000123 或 000123</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="130" />
        <source>Closed from</source>
        <translation>结案日期从</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="131" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="134" />
        <source>Archive number</source>
        <translation>归档编号</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="134" />
        <source>Closed</source>
        <translation>结案时间</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="134" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="134" />
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="134" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="136" />
        <source>Pre&amp;view…</source>
        <translation>预览(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="137" />
        <source>&amp;Print selected…</source>
        <translation>打印所选(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="138" />
        <source>Print &amp;all listed…</source>
        <translation>打印列表中全部(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="139" />
        <source>Add a &amp;correction…</source>
        <translation>添加更正(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="132" />
        <source>F&amp;ind</source>
        <translation>查找(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="140" />
        <source>Verif&amp;y the archive</source>
        <translation>校验归档(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="141" />
        <source>&amp;Stop verifying</source>
        <translation>停止校验(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="142" />
        <source>%p% checked</source>
        <translation>已校验 %p%</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="150" />
        <source>No forms: the second closing date is before the first.</source>
        <translation>没有记录表：结案日期的截止日早于起始日。</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="158" />
        <source>No archive number holds “%1”: customers' names and phones are searched in the Register.</source>
        <translation>没有归档编号含有“%1”：顾客姓名和电话请在投诉台账中查找。</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="161" />
        <source>No archived form is numbered “%1”.</source>
        <translation>没有编号为“%1”的归档记录表。</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="163" />
        <source>No form closed from %2 to %3 has “%1” in its number: the closing dates limit the search; widen them, or type the whole number (TS-2026-000123).</source>
        <translation>%2 至 %3 结案的记录表中，没有编号含“%1”的：只在所选结案日期内查找；请放宽日期，或输入完整编号（如 TS-2026-000123）。</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="187" />
        <source>The first %1 forms are listed; narrow the dates to see others.</source>
        <translation>只列出前 %1 份记录表；请缩小日期范围查看其他记录。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/archive_page.py" line="190" />
        <source>%n archived form(s).</source>
        <translation>
            <numerusform>共 %n 份归档记录表。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="220" />
        <source>The correction to %1 was added to the archive.</source>
        <translation>对 %1 的更正已加入归档。</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="231" />
        <source>Printing complaint forms…</source>
        <translation>正在打印投诉处理记录表…</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="231" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="232" />
        <source>Printing</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="240" />
        <source>%1 of %2 forms sent to %3.</source>
        <translation>已将 %2 份中的 %1 份发送到 %3。</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="242" />
        <source>%1 is stopped: they wait in its queue until it is started again.</source>
        <translation>%1 已暂停：打印任务在其队列中等待，直到重新启用。</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="268" />
        <source>Verifying every seal and the chain…</source>
        <translation>正在校验每个封存及其链条…</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="286" />
        <source>The archive is NOT intact:</source>
        <translation>归档未通过校验，已不完好：</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="291" />
        <source>Every seal and the chain verified, but:</source>
        <translation>所有封存及链条均已校验通过，但：</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="297" />
        <source>The archive is intact: every seal and the chain verified.</source>
        <translation>归档完好：所有封存及链条均已校验通过。</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="302" />
        <source>Verification stopped before the end: nothing was proved.</source>
        <translation>校验中途停止：本次无法说明归档是否完好。</translation>
    </message>
    <message>
        <location filename="../../ui/office/archive_page.py" line="318" />
        <source>Stopping the verification…</source>
        <translation>正在停止校验…</translation>
    </message>
</context>
<context>
    <name>ArchiveProblem</name>
    <message>
        <location filename="../../models/verify.py" line="189" />
        <source>no anchor of this database was found ({where}): verify cannot tell whether the archive's tail was cut off or the whole chain rewritten by someone who has the file</source>
        <translation>未找到此数据库的锚点（{where}）：无法判断归档末尾是否被截去，或整条链是否被能接触到此文件的人改写</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="194" />
        <source>no anchor of this database was found ({where}): verify cannot tell whether the archive's tail was cut off or the whole chain rewritten by someone who has the database's server</source>
        <translation>未找到此数据库的锚点（{where}）：无法判断归档末尾是否被截去，或整条链是否被能接触到数据库服务器的人改写</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="199" />
        <source>no anchor of this database was found (no anchor folder is configured): verify cannot tell whether the archive's tail was cut off or the whole chain rewritten by someone who has the file</source>
        <translation>未找到此数据库的锚点（未设置锚点文件夹）：无法判断归档末尾是否被截去，或整条链是否被能接触到此文件的人改写</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="204" />
        <source>no anchor of this database was found (no anchor folder is configured): verify cannot tell whether the archive's tail was cut off or the whole chain rewritten by someone who has the database's server</source>
        <translation>未找到此数据库的锚点（未设置锚点文件夹）：无法判断归档末尾是否被截去，或整条链是否被能接触到数据库服务器的人改写</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="328" />
        <source>{count} seals after this computer's latest anchor ({first} to {last}): sealed at other desks of the server since, their records and chain checked here; whether the application wrote them, verify at the desks that sealed them tells (each desk keeps its own anchors)</source>
        <translation>本机最新锚点之后有 {count} 份封存记录（{first} 至 {last}）：为此后在服务器上其他受理台封存，其记录和链条已在本机校验；是否由本程序写入，需在封存它们的受理台上校验（每个受理台各自保存锚点）</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="335" />
        <source>1 seal after this computer's latest anchor ({first}): sealed at another desk of the server since, its record and chain checked here; whether the application wrote it, verify at the desk that sealed it tells (each desk keeps its own anchors)</source>
        <translation>本机最新锚点之后有 1 份封存记录（{first}）：为此后在服务器上另一个受理台封存，其记录和链条已在本机校验；是否由本程序写入，需在封存它的受理台上校验（每个受理台各自保存锚点）</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="641" />
        <source>the sealed record was altered: the dictionary it was stored with ({number}) is missing</source>
        <translation>封存的记录被改动：存储时所用的字典（{number}）已不存在</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="648" />
        <source>removed: the {seals} seals stored with it cannot be read back</source>
        <translation>已被删除：用它存储的 {seals} 份封存记录无法读回</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="650" />
        <source>altered after it was written: the one seal stored with it cannot be read back</source>
        <translation>写入后被改动：用它存储的 1 份封存记录无法读回</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="655" />
        <source>altered after it was written: the {seals} seals stored with it cannot be read back</source>
        <translation>写入后被改动：用它存储的 {seals} 份封存记录无法读回</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="660" />
        <source>seal dictionary {number}</source>
        <translation>封存字典 {number}</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="677" />
        <source>an amendment that does not amend this case's seal</source>
        <translation>更正记录与此投诉的封存记录不对应</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="689" />
        <location filename="../../models/verify.py" line="694" />
        <location filename="../../models/verify.py" line="699" />
        <location filename="../../models/verify.py" line="718" />
        <location filename="../../models/verify.py" line="725" />
        <location filename="../../models/verify.py" line="731" />
        <location filename="../../models/verify.py" line="736" />
        <location filename="../../models/verify.py" line="741" />
        <source>trigger {name}</source>
        <translation>触发器 {name}</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="690" />
        <location filename="../../models/verify.py" line="726" />
        <source>the protective trigger was dropped</source>
        <translation>保护用的触发器被删除</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="695" />
        <location filename="../../models/verify.py" line="732" />
        <source>a trigger the migrations did not create</source>
        <translation>出现了一个并非本程序创建的触发器</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="700" />
        <location filename="../../models/verify.py" line="719" />
        <location filename="../../models/verify.py" line="742" />
        <source>the protective trigger was altered</source>
        <translation>保护用的触发器被改动</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="737" />
        <source>the protective trigger was disabled</source>
        <translation>保护用的触发器被停用</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="756" />
        <location filename="../../models/verify.py" line="784" />
        <source>anchor</source>
        <translation>锚点</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="758" />
        <source>the archive's tail was cut off: the anchor of {at} recorded {seals} seals (the last {last}), the database has {held}</source>
        <translation>归档末尾被截去：{at} 的锚点记有 {seals} 份封存记录（最后一份为 {last}），数据库中只有 {held} 份</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="770" />
        <location filename="../../models/verify.py" line="797" />
        <source>audit trail</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="772" />
        <source>audit events were removed: the anchor of {at} recorded {events}, the database has {held}</source>
        <translation>审计记录被删除：{at} 的锚点记有 {events} 条，数据库中只有 {held} 条</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="786" />
        <source>the archive's chain was rewritten: seal {seals} is not the one anchored at {at}</source>
        <translation>归档链被改写：第 {seals} 份封存记录与 {at} 锚定的不一致</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="799" />
        <source>the audit trail was rewritten: event {events} is not the one anchored at {at}</source>
        <translation>审计记录被改写：第 {events} 条与 {at} 锚定的不一致</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="822" />
        <source>sealed after the latest anchor: not written by the application</source>
        <translation>封存于最近一次锚定之后：并非由本程序写入</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="873" />
        <source>the chain is broken before this seal (a seal was removed, inserted or reordered)</source>
        <translation>此封存记录之前的链条断裂（有封存记录被删除、插入或调换顺序）</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="898" />
        <source>the sealed record was altered (digest mismatch)</source>
        <translation>封存的记录被改动（摘要不符）</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="905" />
        <location filename="../../models/verify.py" line="920" />
        <location filename="../../models/verify.py" line="933" />
        <location filename="../../models/verify.py" line="947" />
        <source>the sealed record was altered: {detail}</source>
        <translation>封存的记录被改动：{detail}</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="955" />
        <source>a seal of unknown kind {kind}</source>
        <translation>未知类型的封存记录 {kind}</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1015" />
        <source>the customer's signature was altered after sealing</source>
        <translation>顾客签名在封存后被改动</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1031" />
        <source>the archived complaint is missing (deleted)</source>
        <translation>已归档的投诉不见了（被删除）</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1037" />
        <source>the archived complaint was re-opened or renumbered after sealing</source>
        <translation>已归档的投诉在封存后被重新打开或改了编号</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1061" />
        <source>the sealed record is not a record (its payload cannot be read)</source>
        <translation>封存的记录无法读取（内容已损坏）</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1073" />
        <location filename="../../models/verify.py" line="1149" />
        <source>{field} of the seal was changed after sealing</source>
        <translation>封存记录的“{field}”在封存后被改动</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1083" />
        <location filename="../../models/verify.py" line="1158" />
        <source>{fields} changed after sealing</source>
        <translation>“{fields}”在封存后被改动</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1105" />
        <source>the sealed external case is not a record (its payload cannot be read)</source>
        <translation>封存的外部投诉记录无法读取（内容已损坏）</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1124" />
        <source>the archived external case is missing (deleted)</source>
        <translation>已归档的外部投诉不见了（被删除）</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1131" />
        <source>the archived external case was re-opened or renumbered after sealing</source>
        <translation>已归档的外部投诉在封存后被重新打开或改了编号</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1142" />
        <source>the external case's seal is filed under another complaint</source>
        <translation>外部投诉的封存记录挂在另一件投诉名下</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1161" />
        <location filename="../../models/verify.py" line="1176" />
        <source>the bytes of attachment {file} changed after sealing</source>
        <translation>附件 {file} 的内容在封存后被改动</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1187" />
        <source>sealed_by of the seal is not who closed the case</source>
        <translation>封存人与结案人不一致</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1192" />
        <source>sealed_at of the seal is not the time the case was closed</source>
        <translation>封存时间与结案时间不一致</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1205" />
        <source>an amendment that is not one (its payload cannot be read)</source>
        <translation>更正记录无法读取（内容已损坏）</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1209" />
        <source>an amendment filed under another archive number</source>
        <translation>更正记录挂在另一个归档编号名下</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1213" />
        <source>the reason of an amendment was changed after sealing</source>
        <translation>更正理由在封存后被改动</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1218" />
        <source>sealed_by of an amendment was changed after sealing</source>
        <translation>更正人在封存后被改动</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1224" />
        <source>sealed_at of an amendment was changed after sealing</source>
        <translation>更正时间在封存后被改动</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1316" />
        <location filename="../../models/verify.py" line="1331" />
        <source>audit event {event}</source>
        <translation>审计记录 {event}</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1318" />
        <source>the audit trail is broken before this event (an event was removed or reordered)</source>
        <translation>此条之前的审计记录断裂（有记录被删除或调换顺序）</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1327" />
        <source>the audit event ({action}) was altered (digest mismatch)</source>
        <translation>审计记录（{action}）被改动（摘要不符）</translation>
    </message>
    <message>
        <location filename="../../models/verify.py" line="1345" />
        <location filename="../../models/verify.py" line="1352" />
        <source>has an archive number but no seal</source>
        <translation>有归档编号却没有封存记录</translation>
    </message>
    <message>
        <location filename="../../models/seal_store.py" line="207" />
        <source>the stored record is of an unknown form</source>
        <translation>存储的记录格式不明</translation>
    </message>
    <message>
        <location filename="../../models/seal_store.py" line="212" />
        <location filename="../../models/seal_store.py" line="214" />
        <location filename="../../models/seal_store.py" line="225" />
        <location filename="../../models/seal_store.py" line="227" />
        <location filename="../../models/seal_store.py" line="250" />
        <location filename="../../models/seal_store.py" line="261" />
        <location filename="../../models/seal_store.py" line="361" />
        <source>the stored record is damaged</source>
        <translation>存储的记录已损坏</translation>
    </message>
    <message>
        <location filename="../../models/seal_store.py" line="264" />
        <source>the customer's signature the record holds is missing</source>
        <translation>记录所含的顾客签名缺失</translation>
    </message>
</context>
<context>
    <name>AutomaticBackups</name>
    <message>
        <location filename="../../ui/automatic_backups.py" line="81" />
        <source>The automatic backup %1 did not check out: %2</source>
        <translation>自动备份 %1 未通过检查：%2</translation>
    </message>
    <message>
        <location filename="../../ui/automatic_backups.py" line="102" />
        <source>The automatic backup failed: %1</source>
        <translation>自动备份失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/automatic_backups.py" line="112" />
        <source>Backing up the database before closing…</source>
        <translation>关闭前正在备份数据库…</translation>
    </message>
</context>
<context>
    <name>BackupsPage</name>
    <message>
        <location filename="../../ui/office/backups_page.py" line="154" />
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="157" />
        <source>This database lives on a PostgreSQL server. Its backups are the server's own (pg_dump, or the backups of whoever runs the server): Complaint Desk takes and restores none of its own.</source>
        <translation>本数据库在 PostgreSQL 服务器上，备份由服务器负责（pg_dump，或服务器管理方的备份）：投诉受理台不另行备份或恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="163" />
        <source>Complaint Desk backs the database up by itself once a day and when it closes, while the desks go on working. Each copy is checked (SQLite's integrity check and the archive's seals and chains) before older ones are removed.</source>
        <translation>投诉受理台每天及关闭时自动备份数据库，备份时各受理台照常工作。每份备份都先检查数据库是否完好、归档记录是否未被改动，通过后才删除较旧的备份。</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="171" />
        <source>Another disk or a USB stick keeps the backups safe when this computer's disk fails.</source>
        <translation>备份放在另一块硬盘或 U 盘上，本机硬盘损坏时备份仍在。</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="174" />
        <source>Beside the &amp;database</source>
        <translation>用数据库所在文件夹(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="175" />
        <source>Keep (every desk):</source>
        <translation>保留的备份份数（所有受理台通用）：</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="168" />
        <source>Backup fold&amp;er (this computer):</source>
        <translation>备份文件夹（本机）(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="173" />
        <source>Ch&amp;oose…</source>
        <translation>选择(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="176" />
        <source>D&amp;aily</source>
        <translation>每日(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="177" />
        <source>&amp;Weekly</source>
        <translation>每周(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="178" />
        <source>&amp;Monthly</source>
        <translation>每月(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="179" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="181" />
        <source>Taken</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="181" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="181" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="181" />
        <source>Cases</source>
        <translation>投诉数</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="181" />
        <source>Checked</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="183" />
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="184" />
        <source>&amp;Restore…</source>
        <translation>恢复(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="217" />
        <source>The backup folder %1 is a file, not a folder: choose another.</source>
        <translation>备份文件夹 %1 是一个文件，不是文件夹：请另选一个。</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="220" />
        <source>The backup folder %1 does not exist: plug in the disk or USB stick it is on, or choose another folder.</source>
        <translation>备份文件夹 %1 不存在：请插上它所在的磁盘或 U 盘，或选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="234" />
        <source>taken by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="235" />
        <source>kept aside by a restore</source>
        <translation>恢复前留存</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="239" />
        <source>not checked</source>
        <translation>未检查</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="241" />
        <source>✓ checked out</source>
        <translation>✓ 检查通过</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="243" />
        <location filename="../../ui/office/backups_page.py" line="267" />
        <source>✗ did not check out</source>
        <translation>✗ 检查未通过</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="247" />
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="248" />
        <location filename="../../ui/office/backups_page.py" line="265" />
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/backups_page.py" line="278" />
        <source>%n backup(s); the newest taken %1.</source>
        <translation>
            <numerusform>共 %n 份备份；最新一份备份于 %1。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="281" />
        <source>No backup in this folder yet.</source>
        <translation>此文件夹中还没有备份。</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="297" />
        <source>Choose the backup folder</source>
        <translation>选择备份文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="185" />
        <source>Restore from a fi&amp;le…</source>
        <translation>从文件恢复(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="315" />
        <source>The folder %1 does not exist: plug in the disk or USB stick it is on, or choose another folder. The backups still go to %2.</source>
        <translation>文件夹 %1 不存在：请插上它所在的磁盘或 U 盘，或选择其他文件夹。备份仍保存到 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="319" />
        <source>Type the folder's whole path, such as %1, or Choose… it. The backups still go to %2.</source>
        <translation>请输入文件夹的完整路径（例如 %1），或点击“选择…”。备份仍保存到 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="357" />
        <source>Keep fewer backups</source>
        <translation>减少保留的备份</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/backups_page.py" line="358" />
        <source>Keep fewer backups? %n backup(s) kept now will be removed after the next backup.</source>
        <translation>
            <numerusform>减少保留的备份？现在保留的 %n 份备份将在下次备份后删除。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="361" />
        <source>The oldest of them was taken %1. Backups removed cannot be restored.</source>
        <translation>其中最早一份的备份时间为 %1。备份删除后无法再用来恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="363" />
        <source>&amp;Keep fewer</source>
        <translation>减少保留(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="379" />
        <source>Saved: older backups beyond these are removed after the next backup.</source>
        <translation>已保存：超出这些数目的较旧备份将在下次备份后删除。</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="412" />
        <source>Backing up, then checking the copy…</source>
        <translation>正在备份，随后检查备份…</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="418" />
        <source>Backed up and checked: %1.</source>
        <translation>已备份并检查通过：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="421" />
        <source>The copy did NOT check out:</source>
        <translation>备份未通过检查：</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="438" />
        <source>Restore from a file</source>
        <translation>从文件恢复</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="438" />
        <source>Backups (*.db);;All files (*)</source>
        <translation>备份文件 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="447" />
        <source>Checking the backup before restoring it…</source>
        <translation>恢复前正在检查备份…</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="464" />
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/backups_page.py" line="467" />
        <source>Restore the backup taken %1 (%n case(s))? It checked out.</source>
        <translation>
            <numerusform>恢复 %1 的备份（共 %Ln 件投诉）？该备份已通过检查。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="473" />
        <source>The database is damaged: what was saved since the backup cannot be counted, and it will be gone.</source>
        <translation>数据库已损坏：无法统计备份之后保存的内容，恢复后这些内容将不复存在。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/backups_page.py" line="477" />
        <source>%n case(s) received after it will be gone.</source>
        <translation>
            <numerusform>此后受理的 %Ln 件投诉将不复存在。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/backups_page.py" line="478" />
        <source>%n case(s) changed since will go back to how they were then.</source>
        <translation>
            <numerusform>此后有改动的 %Ln 件投诉将回到当时的状态。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/backups_page.py" line="479" />
        <source>%n other change(s) (accounts, catalogues, settings) will be undone.</source>
        <translation>
            <numerusform>其他 %Ln 项改动（账号、基础资料、设置）将被撤销。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="483" />
        <source>The database as it is now is kept aside in the backup folder first. Everyone logs in again afterwards; other desks see the restored data at their next step.</source>
        <translation>恢复前，当前数据库先另存在备份文件夹中。恢复后所有人需重新登录；其他受理台在下一步操作时即看到恢复后的数据。</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="488" />
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="505" />
        <source>Keeping the database aside, then restoring the backup…</source>
        <translation>正在另存当前数据库，随后恢复备份…</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="512" />
        <source>Backup restored</source>
        <translation>备份已恢复</translation>
    </message>
    <message>
        <location filename="../../ui/office/backups_page.py" line="514" />
        <source>The backup taken %1 is restored. The database as it was is kept in %2. Log in again.</source>
        <translation>%1 的备份已恢复。原数据库另存在 %2。请重新登录。</translation>
    </message>
</context>
<context>
    <name>CaseQueue</name>
    <message>
        <location filename="../../ui/case_queue.py" line="22" />
        <source>Investigate</source>
        <translation>调查核实</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="23" />
        <source>Propose a resolution</source>
        <translation>提出处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="24" />
        <source>Record the customer's answer</source>
        <translation>记录顾客意见</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="25" />
        <source>Make a new proposal</source>
        <translation>重新提出方案</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="26" />
        <source>Tell the customer the office's decision</source>
        <translation>向顾客转达办公室决定</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="27" />
        <source>Close the case</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="28" />
        <source>Waiting for the office</source>
        <translation>等待办公室处理</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="44" />
        <source>answered</source>
        <translation>已答复</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="47" />
        <source>%1 late</source>
        <translation>已超时 %1</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="48" />
        <source>in %1</source>
        <translation>还剩 %1</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="53" />
        <source>Taken over by %1 (the office)</source>
        <translation>已由办公室的%1接管</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="60" />
        <source>Just sent to the office: tell the customer</source>
        <translation>刚上报办公室，请向顾客说明进展</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="61" />
        <source>%1 with the office: tell the customer</source>
        <translation>已上报办公室 %1，请向顾客说明进展</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="97" />
        <source>Promise</source>
        <translation>承诺答复</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="98" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="99" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="100" />
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="101" />
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="102" />
        <source>Received by</source>
        <translation>受理人</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="103" />
        <source>Risk</source>
        <translation>越级风险</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="136" />
        <source>The time promised to the customer has passed</source>
        <translation>已超过向顾客承诺的答复时间</translation>
    </message>
    <message>
        <location filename="../../ui/case_queue.py" line="141" />
        <source>Received by you</source>
        <translation>由您受理</translation>
    </message>
</context>
<context>
    <name>CaseText</name>
    <message>
        <location filename="../../ui/case_text.py" line="24" />
        <source>Proposal %1</source>
        <translation>方案 %1</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="40" />
        <source>%1 (office)</source>
        <translation>%1（办公室）</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="42" />
        <source>made by %1 at %2</source>
        <translation>%1 于 %2 提出</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="50" />
        <source>Told the customer</source>
        <translation>告知顾客</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="62" />
        <source>satisfaction %1 / 5</source>
        <translation>满意度 %1 / 5</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="66" />
        <source>They asked instead: %1</source>
        <translation>顾客另提要求：%1</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="76" />
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="79" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="81" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="86" />
        <source>Came in</source>
        <translation>投诉来源</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="87" />
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="89" />
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="92" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="93" />
        <source>Complaint</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="94" />
        <source>Asks for</source>
        <translation>顾客要求</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="97" />
        <source>Reply promised by</source>
        <translation>承诺答复时间</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="99" />
        <source>Findings</source>
        <translation>调查结果</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="101" />
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="107" />
        <source>Liability</source>
        <translation>责任认定</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="109" />
        <source>Staff involved</source>
        <translation>当事员工</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="115" />
        <source>Escalation risk</source>
        <translation>越级风险</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="117" />
        <source>Taken over by</source>
        <translation>接管人</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="122" />
        <source>Referred to</source>
        <translation>外部转介</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="126" />
        <source>Hand-off note</source>
        <translation>上报说明</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="134" />
        <source>Improvement suggestion</source>
        <translation>改进建议</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="141" />
        <source>Withdrawn</source>
        <translation>撤回</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="143" />
        <source>Closed</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="148" />
        <source>Reason for withdrawing</source>
        <translation>撤回原因</translation>
    </message>
    <message>
        <location filename="../../ui/case_text.py" line="52" />
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../ui/register/case_view.py" line="66" />
        <location filename="../../ui/register/case_view.py" line="356" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="67" />
        <location filename="../../ui/register/case_view.py" line="355" />
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="68" />
        <source>Came in</source>
        <translation>投诉来源</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="69" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="70" />
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="71" />
        <source>Complaint</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="72" />
        <source>Asks for</source>
        <translation>顾客要求</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="73" />
        <source>Findings</source>
        <translation>调查结果</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="74" />
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="75" />
        <source>Liability</source>
        <translation>责任认定</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="76" />
        <location filename="../../ui/register/case_view.py" line="106" />
        <source>Customer's answer</source>
        <translation>顾客意见</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="77" />
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="78" />
        <source>Counter-demand</source>
        <translation>顾客另提要求</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="79" />
        <location filename="../../ui/register/case_view.py" line="87" />
        <source>Proposal</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="80" />
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="81" />
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="82" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="83" />
        <source>Hand-off note</source>
        <translation>上报说明</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="84" />
        <source>Archive number</source>
        <translation>归档编号</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="85" />
        <location filename="../../ui/register/case_view.py" line="118" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="86" />
        <source>Remedies</source>
        <translation>补偿方式</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="88" />
        <location filename="../../ui/register/case_view.py" line="89" />
        <source>Escalation risk</source>
        <translation>越级风险</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="90" />
        <location filename="../../ui/register/case_view.py" line="91" />
        <source>Why</source>
        <translation>风险原因</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="92" />
        <source>Taken over by</source>
        <translation>接管人</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="93" />
        <source>Referred to</source>
        <translation>外部转介</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="94" />
        <location filename="../../ui/register/case_view.py" line="102" />
        <source>Told the customer</source>
        <translation>告知顾客</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="95" />
        <source>Repeated back and confirmed</source>
        <translation>已复述并经顾客确认</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="96" />
        <source>Taken to a quiet place</source>
        <translation>已请到安静处</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="97" />
        <source>Staff involved</source>
        <translation>当事员工</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="98" />
        <source>Reply promised in</source>
        <translation>承诺答复时限</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="99" />
        <source>Reply promised by</source>
        <translation>承诺答复时间</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="100" />
        <source>Received at</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="101" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="103" />
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="104" />
        <source>Witness of the verbal consent</source>
        <translation>口头同意见证人</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="105" />
        <source>Answered at</source>
        <translation>答复时间</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="107" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="108" />
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="109" />
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="110" />
        <source>Improvement suggestion</source>
        <translation>改进建议</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="111" />
        <source>Improvement action</source>
        <translation>整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="112" />
        <source>Closed at</source>
        <translation>结案时间</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="113" />
        <source>Closed by</source>
        <translation>结案人</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="114" />
        <source>Decided by</source>
        <translation>决定人</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="115" />
        <source>Received by</source>
        <translation>受理人</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="116" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="117" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="119" />
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="120" />
        <source>Recoverable from</source>
        <translation>追偿对象</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="121" />
        <source>Amount due</source>
        <translation>应追偿金额</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="122" />
        <source>Amount recovered</source>
        <translation>已追回金额</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="123" />
        <source>Corrections</source>
        <translation>更正内容</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="125" />
        <source>External case</source>
        <translation>外部投诉</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="126" />
        <source>Reference</source>
        <translation>外部编号</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="127" />
        <source>Received by the outside body</source>
        <translation>外部机构收到日期</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="128" />
        <source>What is asked</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="129" />
        <source>Acceptance decided by</source>
        <translation>受理决定期限</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="130" />
        <source>Reply due</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="131" />
        <source>Reply due, set by the outside body</source>
        <translation>答复期限（外部机构指定）</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="132" />
        <source>Working days counted Monday to Friday</source>
        <translation>工作日按周一至周五计算</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="133" />
        <source>Reply</source>
        <translation>答复</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="134" />
        <source>Outcome</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="135" />
        <source>Closing note</source>
        <translation>结案说明</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="136" />
        <source>Hot-spot</source>
        <translation>热点投诉</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="137" />
        <source>Complaints</source>
        <translation>投诉件数</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="225" />
        <source>Outside body</source>
        <translation>外部渠道</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="234" />
        <source>Linked to an external case</source>
        <translation>关联外部投诉</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="241" />
        <source>%1 in %2 days</source>
        <translation>%2 天内 %1 件</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="252" />
        <source>unusual since %1</source>
        <translation>自 %1 起异常</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="285" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="285" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="310" />
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="312" />
        <source>signed (the picture is in the summary)</source>
        <translation>已签名（签名图见上方摘要）</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="476" />
        <source>Archived and sealed: read-only.</source>
        <translation>已归档封存：只读。</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="477" />
        <source>Complaint %1</source>
        <translation>投诉 %1</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="494" />
        <source>History</source>
        <translation>处理经过</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="508" />
        <source>Evidence files (double-click to open):</source>
        <translation>证据文件（双击打开）：</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="511" />
        <source>&amp;Continue this case</source>
        <translation>继续处理此投诉(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="512" />
        <source>Complaint &amp;form…</source>
        <translation>投诉处理记录表(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="513" />
        <source>&amp;Recovery from a third party…</source>
        <translation>向第三方追偿(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="514" />
        <source>Customer &amp;withdraws…</source>
        <translation>顾客撤回投诉(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="515" />
        <source>&amp;New time told…</source>
        <translation>告知新的答复时间(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="516" />
        <source>C&amp;lose</source>
        <translation>关闭(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="527" />
        <source>Promised item recorded</source>
        <translation>登记承诺事项</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="529" />
        <source>Call-back planned</source>
        <translation>安排电话回访</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="531" />
        <source>Promised item delivered</source>
        <translation>承诺事项已兑现</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="531" />
        <source>Called back</source>
        <translation>已回访</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="543" />
        <source>Customer's signature</source>
        <translation>顾客签名</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="546" />
        <source>verbal consent, witnessed by %1</source>
        <translation>口头同意，见证人：%1</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="558" />
        <source>done %1</source>
        <translation>已完成 %1</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="558" />
        <source>to do</source>
        <translation>待办</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="558" />
        <source>Follow-ups</source>
        <translation>回访与承诺事项</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="353" />
        <source>This customer in the last 12 months: %1 complaints, %2 yuan compensation accepted</source>
        <translation>该顾客近 12 个月：投诉 %1 次，已接受补偿 %2 元</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="355" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="355" />
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="356" />
        <source>Accepted (yuan)</source>
        <translation>接受的补偿（元）</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="361" />
        <source> (this one)</source>
        <translation>（本件）</translation>
    </message>
</context>
<context>
    <name>CataloguePage</name>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="70" />
        <source>Name (Chinese):</source>
        <translation>中文名称：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="71" />
        <source>Name (English):</source>
        <translation>英文名称：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="72" />
        <source>Default department:</source>
        <translation>默认责任部门：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="73" />
        <source>Default severity:</source>
        <translation>默认严重程度：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="74" />
        <source>Always to the office:</source>
        <translation>一律上报办公室：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="75" />
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="76" />
        <source>Default value (yuan):</source>
        <translation>默认金额（元）：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="77" />
        <source>Office only:</source>
        <translation>仅限办公室：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="78" />
        <source>Intake step:</source>
        <translation>受理步骤：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="79" />
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="80" />
        <source>Prompt:</source>
        <translation>提示语：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="81" />
        <source>Word the customer says:</source>
        <translation>顾客所说的词：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="82" />
        <source>Where they threaten to go:</source>
        <translation>扬言投诉去向：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="83" />
        <source>Weight (3: high on its own):</source>
        <translation>权重（3：单独即为高风险）：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="84" />
        <source>Where to send them (Chinese):</source>
        <translation>引导去向（中文）：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="85" />
        <source>Where to send them (English):</source>
        <translation>引导去向（英文）：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="86" />
        <source>For the category:</source>
        <translation>适用分类：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="98" />
        <source>Departments</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="99" />
        <source>Locations</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="100" />
        <source>Categories</source>
        <translation>投诉分类</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="101" />
        <source>Remedies</source>
        <translation>补偿方式</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="104" />
        <source>Referral guide</source>
        <translation>外部转介指引</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="162" />
        <source>&amp;New entry</source>
        <translation>新增(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="164" />
        <location filename="../../ui/office/catalogue_page.py" line="449" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="223" />
        <source>Every category</source>
        <translation>所有分类</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="225" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="217" />
        <source>At most %1 characters</source>
        <translation>最多 %1 个字</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="102" />
        <source>Prompts</source>
        <translation>受理提示语</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="103" />
        <source>Risk words</source>
        <translation>越级风险关键词</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="125" />
        <location filename="../../ui/office/catalogue_page.py" line="275" />
        <source>%1 (retired)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="167" />
        <location filename="../../ui/office/catalogue_page.py" line="338" />
        <source>&amp;Retire</source>
        <translation>停用(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="294" />
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="480" />
        <location filename="../../ui/widgets.py" line="130" />
        <source>Discard what you typed?</source>
        <translation>放弃刚填写的内容？</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="131" />
        <source>The entry's changes typed here are not saved yet and will be lost. To keep them, Save first.</source>
        <translation>此条目在这里输入的修改尚未保存，将会丢失。如需保留，请先保存。</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="340" />
        <source>&amp;Bring back</source>
        <translation>恢复使用(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="403" />
        <source>Saved: %1.</source>
        <translation>已保存：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="420" />
        <source>Retired: %1. New complaints no longer offer it.</source>
        <translation>已停用：%1。新投诉将不再提供此项。</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="422" />
        <source>Brought back: %1.</source>
        <translation>已恢复启用：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="441" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="455" />
        <source>Organisation:</source>
        <translation>单位名称：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="456" />
        <source>Logo on printed forms:</source>
        <translation>记录表上的徽标：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="458" />
        <source>Default reply promised (minutes):</source>
        <translation>默认承诺答复时间（分钟）：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="461" />
        <source>Lock an idle desk after (minutes):</source>
        <translation>闲置多久后锁定受理台（分钟）：</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="481" />
        <source>The settings typed here are not saved yet and will be lost. To keep them, Save first.</source>
        <translation>此处填写的设置尚未保存，将会丢失。如需保留，请先保存。</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="500" />
        <source>Logo</source>
        <translation>徽标</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="502" />
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="531" />
        <source>Saved. The idle lock applies from the next login.</source>
        <translation>已保存。闲置锁定时间从下次登录起生效。</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="533" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="564" />
        <source>External channels</source>
        <translation>外部投诉渠道</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="565" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/office/catalogue_page.py" line="567" />
        <source>Catalogues and settings</source>
        <translation>基础资料与设置</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="376" />
        <source>Discard the closing note?</source>
        <translation>放弃填写的结案说明？</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="377" />
        <source>The external case is not closed, and the note you typed will be lost.</source>
        <translation>外部投诉不会结案，您填写的说明将丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="381" />
        <source>Close the external case %1</source>
        <translation>外部投诉结案：%1</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="383" />
        <source>Close and &amp;archive</source>
        <translation>结案归档(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="384" />
        <source>&amp;Outcome:</source>
        <translation>处理结果(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="385" />
        <source>Closing &amp;note:</source>
        <translation>结案说明(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="386" />
        <source>Required when no reply was recorded: why the case ends</source>
        <translation>未登记答复时必填：说明结案原因</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="387" />
        <source>Closing seals the case into the archive; it cannot be changed afterwards.</source>
        <translation>结案即封存归档，之后不能再修改。</translation>
    </message>
</context>
<context>
    <name>ClosePage</name>
    <message>
        <location filename="../../ui/intake/close_page.py" line="45" />
        <source>Close and follow up</source>
        <translation>结案与回访</translation>
    </message>
    <message>
        <location filename="../../ui/intake/close_page.py" line="46" />
        <source>Keep every promise made to the customer; the record goes to the office archive.</source>
        <translation>兑现对顾客的每一项承诺；投诉记录交办公室归档。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/close_page.py" line="49" />
        <source>Call-back:</source>
        <translation>回访：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/close_page.py" line="50" />
        <source>&amp;Promised items:</source>
        <translation>承诺事项(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/close_page.py" line="51" />
        <source>&amp;Improvement suggestion:</source>
        <translation>改进建议(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/close_page.py" line="54" />
        <source>Call the customer back &amp;at</source>
        <translation>回访时间(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/close_page.py" line="55" />
        <source>What to ask or tell them</source>
        <translation>回访要问或告知的内容</translation>
    </message>
    <message>
        <location filename="../../ui/intake/close_page.py" line="57" />
        <source>Items or services still to be delivered, e.g. a fruit plate to room 1208 tomorrow morning</source>
        <translation>尚待兑现的物品或服务，例如：明早送果盘到1208房</translation>
    </message>
    <message>
        <location filename="../../ui/intake/close_page.py" line="59" />
        <source>What should change so that this does not happen again</source>
        <translation>怎样改进，才能避免同类问题再次发生</translation>
    </message>
    <message>
        <location filename="../../ui/intake/close_page.py" line="74" />
        <source>Call back to check the customer is satisfied</source>
        <translation>回访了解顾客是否满意</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../../ui/commands/__init__.py" line="26" />
        <source>Complaint Desk (投诉受理台): front-desk complaint handling. Without a command, starts the desk.</source>
        <translation>投诉受理台：前台投诉受理。不带命令时启动受理台。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/__init__.py" line="32" />
        <source>SQLite database file (default: app.db in the application-data folder), or a PostgreSQL server's database: postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME</source>
        <translation>SQLite 数据库文件（默认：应用数据文件夹中的 app.db），或 PostgreSQL 服务器上的数据库：postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME</translation>
    </message>
    <message>
        <location filename="../../ui/commands/backup.py" line="17" />
        <source>a consistent copy of the database while desks work, checked like verify; exit 1 if it fails</source>
        <translation>在各受理台照常工作时备份数据库（得到一致的副本），并像 verify 一样检查；失败时以状态 1 退出</translation>
    </message>
    <message>
        <location filename="../../ui/commands/backup.py" line="25" />
        <source>the backup file to write (never overwritten)</source>
        <translation>要写入的备份文件（不会覆盖已有文件）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/backup.py" line="40" />
        <source>backing up</source>
        <translation>正在备份</translation>
    </message>
    <message>
        <location filename="../../ui/commands/backup.py" line="51" />
        <source>%1: the copy did NOT check out (1 problem).</source>
        <translation>%1：副本未通过检查（1 个问题）。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/backup.py" line="52" />
        <source>%1: the copy did NOT check out (%n problems).</source>
        <translation>%1：副本未通过检查（%n 个问题）。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/backup.py" line="58" />
        <source>%1: backed up 1 case (%2 bytes); the copy checked out.</source>
        <translation>%1：已备份 1 件投诉（%2 字节）；副本检查通过。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/backup.py" line="59" />
        <source>%1: backed up %n cases (%2 bytes); the copy checked out.</source>
        <translation>%1：已备份 %n 件投诉（%2 字节）；副本检查通过。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/backup.py" line="85" />
        <source>%1: %2%</source>
        <translation>%1：%2%</translation>
    </message>
    <message>
        <location filename="../../ui/commands/common.py" line="37" />
        <source>Password for %1: </source>
        <translation>%1 的密码：</translation>
    </message>
    <message>
        <location filename="../../ui/commands/common.py" line="69" />
        <source>%1 is not a date; give one as YYYY-MM-DD</source>
        <translation>%1 不是日期；请按 YYYY-MM-DD 填写</translation>
    </message>
    <message>
        <location filename="../../ui/commands/common.py" line="72" />
        <source>%1 is out of range: give a date from %2 to %3</source>
        <translation>%1 超出范围：请填写 %2 至 %3 之间的日期</translation>
    </message>
    <message>
        <location filename="../../ui/commands/common.py" line="87" />
        <source>an office or administrator account; its password is asked for (or read from standard input when piped)</source>
        <translation>办公室或管理员账号；运行时询问密码（经管道运行时读取标准输入的第一行）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/common.py" line="89" />
        <source>an administrator account; its password is asked for (or read from standard input when piped)</source>
        <translation>管理员账号；运行时询问密码（经管道运行时读取标准输入的第一行）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/common.py" line="101" />
        <source>write over --out if it exists (else it is refused)</source>
        <translation>--out 文件已存在时覆盖它（否则拒绝）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/compact.py" line="16" />
        <source>rewrite the database file without its free space (SQLite's VACUUM); needs as much free disk as the file, and locks other desks out while it runs</source>
        <translation>重写数据库文件，去掉其中的空闲空间（SQLite 的 VACUUM）；需要与文件同样大小的可用磁盘空间，运行期间其他受理台无法使用数据库</translation>
    </message>
    <message>
        <location filename="../../ui/commands/compact.py" line="40" />
        <source>%1: another desk is reading the file, so the compacted copy waits in its write-ahead log (%2 MB on disk for now, %3 s); the space is given back once nobody reads it. Run compact again then.</source>
        <translation>%1：另一个受理台正在读取该文件，压缩后的内容暂存在预写日志中（目前占用磁盘 %2 MB，用时 %3 秒）；无人读取后空间才会释放。届时请再运行一次 compact。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/compact.py" line="47" />
        <source>Compacted %1: %2 MB -&gt; %3 MB (%4 s).</source>
        <translation>已压缩 %1：%2 MB → %3 MB（%4 秒）。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/copy.py" line="16" />
        <source>copy the SQLite database (--db) into an empty PostgreSQL database and verify the copy there; exit 1 if the copy is not sound</source>
        <translation>把 SQLite 数据库（--db）复制到一个空的 PostgreSQL 数据库，并在服务器上校验副本；副本不完好时以状态 1 退出</translation>
    </message>
    <message>
        <location filename="../../ui/commands/copy.py" line="26" />
        <source>the empty server database: postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME</source>
        <translation>服务器上的空数据库：postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME</translation>
    </message>
    <message>
        <location filename="../../ui/commands/copy.py" line="45" />
        <source>Copied %1 to %2: %3 rows in %4 tables.</source>
        <translation>已把 %1 复制到 %2：%4 张表，共 %3 行。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/copy.py" line="48" />
        <source>Not copied (kept by SQLite only; the server builds its own): %1.</source>
        <translation>未复制（仅 SQLite 保留，服务器自行建立）：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/copy.py" line="53" />
        <location filename="../../ui/commands/verify.py" line="40" />
        <location filename="../../ui/commands/verify.py" line="74" />
        <source>%1: note: %2</source>
        <translation>%1：提示：%2</translation>
    </message>
    <message>
        <location filename="../../ui/commands/copy.py" line="55" />
        <source>%1: the copy's chains differ from the file's: %2 seals, head %3 in the file; %4 seals, head %5 on the server.</source>
        <translation>%1：副本的链条与文件不同：文件中 %2 个封存，链头 %3；服务器上 %4 个封存，链头 %5。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/copy.py" line="66" />
        <source>%1: the copy is NOT sound.</source>
        <translation>%1：副本不完好。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/copy.py" line="68" />
        <source>The archive's digests are identical on both: %1 seals (head %2), %3 audit events (their digests hash to %4 on both).</source>
        <translation>两处归档的摘要完全一致：%1 个封存（链头 %2），%3 条审计记录（两处摘要的汇总哈希均为 %4）。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/copy.py" line="74" />
        <source>%1: sound (archive seals and chain intact).</source>
        <translation>%1：完好（归档封存及链条完整）。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/copy.py" line="79" />
        <source>copied %1: %2 rows</source>
        <translation>已复制 %1：%2 行</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="19" />
        <source>fill the database with realistic Chinese demo data</source>
        <translation>在数据库中填入逼真的中文演示数据</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="26" />
        <source>complaints to create (default 3000)</source>
        <translation>要生成的投诉件数（默认：3000）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="33" />
        <source>random seed; the same seed gives the same data</source>
        <translation>随机种子；种子相同，生成的数据也相同</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="42" />
        <source>%1 is not a whole number</source>
        <translation>%1 不是整数</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="45" />
        <source>the number of complaints cannot be negative</source>
        <translation>投诉件数不能为负数</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="49" />
        <source>a demo loads at most %1 complaints</source>
        <translation>演示数据最多 %1 件投诉</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="67" />
        <source>%1 / %2 complaints (into a temporary file, then copied to the server)</source>
        <translation>%1 / %2 件投诉（先写入临时文件，再复制到服务器）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="69" />
        <source>%1 / %2 complaints</source>
        <translation>%1 / %2 件投诉</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="80" />
        <source>copied to the server: %1 (%2 rows)</source>
        <translation>已复制到服务器：%1（%2 行）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="95" />
        <source>Interrupted: %1 of %2 demo complaints were written to %3 and stay there; the external cases, improvement actions and recoveries that follow the complaints were not made.</source>
        <translation>已中断：%2 件演示投诉中已有 %1 件写入 %3，并保留在其中；投诉之后的外部投诉、整改措施和向第三方追偿记录没有生成。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="107" />
        <source>Interrupted: nothing was copied to the server.</source>
        <translation>已中断：没有复制任何数据到服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="109" />
        <source>Interrupted: no demo complaint was written.</source>
        <translation>已中断：没有写入任何演示投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="115" />
        <source>The demo stopped, but these accounts were made and stay (user name / password):</source>
        <translation>演示数据生成中止，但以下账号已创建并保留（用户名 / 密码）：</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="127" />
        <source>Created %1 demo complaints in %2 (%3 s: %4 s writing a temporary file, %5 s copying it to the server and verifying the copy).</source>
        <translation>已在 %2 中生成 %1 件演示投诉（共 %3 秒：写入临时文件 %4 秒，复制到服务器并校验副本 %5 秒）。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="135" />
        <source>Created %1 demo complaints in %2 (%3 s).</source>
        <translation>已在 %2 中生成 %1 件演示投诉（%3 秒）。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="146" />
        <source>Demo accounts (user name / password):</source>
        <translation>演示账号（用户名 / 密码）：</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="152" />
        <source>These passwords were drawn at random for this database and are shown only now: note them down.</source>
        <translation>这些密码是为本数据库随机生成的，只在此显示一次：请记下来。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="155" />
        <source>The demo accounts existed already; their passwords are unchanged.</source>
        <translation>演示账号已存在，密码未改变。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/demo.py" line="156" />
        <source>The database is marked as demo data: the window title and every printed form say so.</source>
        <translation>本数据库已标记为演示数据：窗口标题和每份打印的记录表都会注明。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="18" />
        <source>the register's complaints, with filters, to an Excel workbook (.xlsx) or a CSV file</source>
        <translation>把投诉台账中的投诉按筛选条件导出为 Excel 工作簿（.xlsx）或 CSV 文件</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="26" />
        <source>the file to write: FILE.xlsx or FILE.csv</source>
        <translation>要写入的文件：FILE.xlsx 或 FILE.csv</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="34" />
        <source>received on or after, YYYY-MM-DD</source>
        <translation>受理日期不早于此日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="41" />
        <source>received on or before, YYYY-MM-DD</source>
        <translation>受理日期不晚于此日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="47" />
        <source>words the complaint holds, as the register's search</source>
        <translation>投诉中含有的字词，与台账搜索相同</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="55" />
        <source>only complaints in this state (repeat for several): %1, or a state by its code or its name, such as closed or 已结案</source>
        <translation>只导出此状态的投诉（多个状态可重复给出）：%1（未结案），或某一状态的代码或名称，如 closed 或 已结案</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="67" />
        <source>only this category: its code, or its Chinese or English name</source>
        <translation>只导出此分类：分类代码，或其中文、英文名称</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="72" />
        <source>only complaints charged to this department: its code or name</source>
        <translation>只导出由此部门负责的投诉：部门代码或名称</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="77" />
        <source>only complaints this account received (its user name)</source>
        <translation>只导出此账户受理的投诉（用户名）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="82" />
        <source>only open complaints past the time promised to the customer</source>
        <translation>只导出已超过承诺答复时间仍未结案的投诉</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="87" />
        <source>only complaints that went to the office</source>
        <translation>只导出上报过办公室的投诉</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="93" />
        <source>headers and words of the file (default: zh_CN)</source>
        <translation>文件表头和内容所用的语言（默认：zh_CN）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/copy.py" line="49" />
        <location filename="../../ui/commands/export.py" line="152" />
        <location filename="../../ui/commands/hotspots.py" line="75" />
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="176" />
        <source>Exported 1 complaint to %1.</source>
        <translation>已导出 1 件投诉到 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="177" />
        <source>Exported %n complaints to %1.</source>
        <translation>已导出 %n 件投诉到 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="193" />
        <source>Exporting: %1 of %2 complaints</source>
        <translation>正在导出：%1 / %2 件投诉</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="19" />
        <source>active hot-spots: groups of complaints recurring more than their own normal</source>
        <translation>当前的热点投诉：明显多于平常水平的同类投诉</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="25" />
        <source>as at the end of this day, YYYY-MM-DD (default: today, so far)</source>
        <translation>截至该日结束，YYYY-MM-DD（默认：今天，截至目前）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="52" />
        <source>No active hot-spots on %1.</source>
        <translation>%1 没有热点投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="54" />
        <source>1 active hot-spot on %1:</source>
        <translation>%1 有 1 个热点投诉：</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="55" />
        <source>%n active hot-spots on %1, newest first:</source>
        <translation>%1 有 %n 个热点投诉，最新的在前：</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="60" />
        <source>since at least %1</source>
        <translation>至少自 %1 起</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="62" />
        <source>since %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="65" />
        <source>* %1 (%2)</source>
        <translation>* %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="67" />
        <source>  trend (the same weekday of each week, oldest first): %2</source>
        <translation>  走势（逐周的同一星期几，最早的在前）：%2</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="69" />
        <source>  trend (%1-day windows, oldest first): %2</source>
        <translation>  走势（每个统计窗口 %1 天，最早的在前）：%2</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="72" />
        <source>  with: %1 (%2)</source>
        <translation>  同时上升：%1（%2 件）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="77" />
        <source>  complaints: %1 and %2 more</source>
        <translation>  投诉：%1，另有 %2 件</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="80" />
        <source>  complaints: %1</source>
        <translation>  投诉：%1</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="96" />
        <source>Tallying complaints for hot-spots: %1 of %2</source>
        <translation>正在统计热点投诉数据：%1 / %2 件</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="31" />
        <source>archived complaint forms as PDF files (--out) or straight to a printer (--printer)</source>
        <translation>把已归档的投诉处理记录表输出为 PDF 文件（--out）或直接送打印机（--printer）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="39" />
        <source>archive numbers, e.g. TS-2026-000123, or a closed case's number, #2998 or 2998 (--list names some)</source>
        <translation>归档编号，例如 TS-2026-000123，或已结案投诉的序号，如 #2998 或 2998（--list 可列出一些）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="47" />
        <source>list the archive numbers of the 20 cases closed last, newest first, and print nothing</source>
        <translation>列出最近结案的 20 件投诉的归档编号（最新的在前），不打印</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="53" />
        <source>folder for the PDF files (default: the current folder)</source>
        <translation>存放 PDF 文件的文件夹（默认：当前文件夹）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="55" />
        <source>an installed printer to print on</source>
        <translation>用于打印的已安装打印机</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="60" />
        <source>the language of the forms' labels and of the states and categories --list names (default: zh_CN)</source>
        <translation>记录表上的栏目名称以及 --list 列出的状态和分类所用的语言（默认：zh_CN）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="66" />
        <source>print customers' phone numbers unmasked</source>
        <translation>打印完整的顾客电话号码（不遮挡中间号码）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="128" />
        <source>No case is archived yet: a case gets its archive number when it is closed or withdrawn.</source>
        <translation>还没有归档的投诉：投诉结案或撤回时才获得归档编号。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="156" />
        <source>%1: 1 page sent to %2</source>
        <translation>%1：已将 1 页发送到 %2</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="157" />
        <source>%1: %n pages sent to %2</source>
        <translation>%1：已将 %n 页发送到 %2</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="160" />
        <source>note: %1 is stopped: the forms wait in its queue until it is started again</source>
        <translation>注意：%1 已停止，记录表在其队列中等待，直到它重新启动</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="22" />
        <source>check a backup, say what would be lost, keep the database aside and put the backup in its place</source>
        <translation>检查备份，说明恢复会丢失哪些内容，先另存当前数据库，再用备份替换它</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="27" />
        <source>the backup file</source>
        <translation>备份文件</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="29" />
        <source>restore without asking for confirmation</source>
        <translation>不经确认直接恢复</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="34" />
        <source>folder for the copy of the database as it was (default: its backups folder)</source>
        <translation>另存恢复前数据库副本的文件夹（默认：其备份文件夹）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="60" />
        <location filename="../../ui/commands/restore.py" line="94" />
        <source>checking the backup</source>
        <translation>正在检查备份</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="118" />
        <source>%1: checked out; taken %2, 1 case.</source>
        <translation>%1：检查通过；备份于 %2，共 1 件投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="119" />
        <source>%1: checked out; taken %2, %n cases.</source>
        <translation>%1：检查通过；备份于 %2，共 %n 件投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="64" />
        <source>The database as it is now is kept aside first.</source>
        <translation>恢复前先另存当前的数据库。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="67" />
        <location filename="../../ui/commands/restore.py" line="103" />
        <source>Nothing was restored.</source>
        <translation>没有恢复任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="72" />
        <source>restoring</source>
        <translation>正在恢复</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="76" />
        <source>Restored %1 from %2. The database as it was is kept in %3.</source>
        <translation>已用 %2 恢复 %1。恢复前的数据库另存在 %3。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="88" />
        <source>%1 cannot be opened: %2. A backup is checked and put in its place; an office or administrator account of the backup restores it.</source>
        <translation>%1 无法打开：%2。将检查一份备份并用它替换；由备份中的办公室或管理员账号执行恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="100" />
        <source>The damaged database is kept aside first. Close Complaint Desk on every computer that uses it before you go on.</source>
        <translation>先另存已损坏的数据库。继续之前，请在使用该数据库的每台电脑上关闭投诉受理台。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="109" />
        <source>Restored %1 from %2. The damaged database is kept in %3.</source>
        <translation>已用 %2 恢复 %1。已损坏的数据库另存在 %3。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="125" />
        <source>Restore this backup? Type yes to go on: </source>
        <translation>恢复此备份？输入“是”继续：</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="133" />
        <source>yes</source>
        <comment>the answer restore asks for</comment>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="139" />
        <source>The database is damaged: what was saved since the backup cannot be counted, and it will be gone.</source>
        <translation>数据库已损坏：无法统计备份之后保存的内容，恢复后这些内容将丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="145" />
        <source>1 case received after it is gone</source>
        <translation>备份之后受理的 1 件投诉将消失</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="146" />
        <source>%n cases received after it are gone</source>
        <translation>备份之后受理的 %n 件投诉将消失</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="150" />
        <source>1 case changed since goes back to how it was</source>
        <translation>备份后改动过的 1 件投诉将恢复为备份时的状态</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="151" />
        <source>%n cases changed since go back to how they were</source>
        <translation>备份后改动过的 %n 件投诉将恢复为备份时的状态</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="155" />
        <source>1 other change (accounts, catalogues, settings) is undone</source>
        <translation>其他 1 项改动（账号、基础资料、设置）将被撤销</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="156" />
        <source>%n other changes (accounts, catalogues, settings) are undone</source>
        <translation>其他 %n 项改动（账号、基础资料、设置）将被撤销</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="158" />
        <source>Restoring it loses what was saved since: %1, %2, and %3.</source>
        <translation>恢复将丢失备份之后保存的内容：%1；%2；%3。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/risk.py" line="16" />
        <source>the escalation-risk level of what a customer said, and why (with the database's keyword list)</source>
        <translation>判断顾客原话的越级风险等级及原因（使用数据库中的关键词表）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/risk.py" line="22" />
        <source>what the customer said or asks for</source>
        <translation>顾客所说的话或提出的要求</translation>
    </message>
    <message>
        <location filename="../../ui/commands/risk.py" line="27" />
        <source>language of the sentences (default: the command line's)</source>
        <translation>输出语句的语言（默认：与命令行相同）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/summary.py" line="23" />
        <source>the work summary of a period as PDF or Word (the signed-off one, else a draft from the figures)</source>
        <translation>某一期间的工作总结，输出为 PDF 或 Word（已签发的版本，没有则按统计数据生成草稿）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/summary.py" line="29" />
        <source>the period's first day, YYYY-MM-DD</source>
        <translation>期间第一天，YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../ui/commands/summary.py" line="31" />
        <source>the period's last day, YYYY-MM-DD</source>
        <translation>期间最后一天，YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../ui/commands/summary.py" line="33" />
        <source>FILE.pdf or FILE.docx</source>
        <translation>FILE.pdf 或 FILE.docx</translation>
    </message>
    <message>
        <location filename="../../ui/commands/summary.py" line="40" />
        <source>the summary's language (default: zh_CN)</source>
        <translation>工作总结的语言（默认：zh_CN）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/summary.py" line="77" />
        <source>the summary signed off by %1 (version %2)</source>
        <translation>%1 签发的工作总结（第 %2 版）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/summary.py" line="85" />
        <source>a draft generated from the figures (no summary of these dates is signed off in Chinese; one is signed off in English: print it with --language %1)</source>
        <translation>按统计数据生成的草稿（这段日期没有签发中文版工作总结；已签发英文版：用 --language %1 输出）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/summary.py" line="91" />
        <source>a draft generated from the figures (no summary of these dates is signed off in English; one is signed off in Chinese: print it with --language %1)</source>
        <translation>按统计数据生成的草稿（这段日期没有签发英文版工作总结；已签发中文版：用 --language %1 输出）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/summary.py" line="98" />
        <source>a draft generated from the figures (no summary of these dates is signed off)</source>
        <translation>按统计数据生成的草稿（这段日期没有已签发的工作总结）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/backup.py" line="48" />
        <location filename="../../ui/commands/copy.py" line="63" />
        <location filename="../../ui/commands/summary.py" line="111" />
        <location filename="../../ui/commands/verify.py" line="44" />
        <location filename="../../ui/commands/verify.py" line="77" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/commands/verify.py" line="20" />
        <source>check the database's integrity, schema and archive seals; exit 1 if anything is wrong</source>
        <translation>检查数据库的完整性、结构和归档封存；发现任何问题时以状态 1 退出</translation>
    </message>
    <message>
        <location filename="../../ui/commands/verify.py" line="47" />
        <source>%1: sound (integrity check passed, schema up to date, archive seals and chain intact).</source>
        <translation>%1：完好（完整性检查通过，结构已是最新，归档封存及链条完整）。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/verify.py" line="80" />
        <source>%1: sound (schema up to date, archive seals and chain intact).</source>
        <translation>%1：完好（结构已是最新，归档封存及链条完整）。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/verify.py" line="85" />
        <source>%1: NOT sound (1 problem).</source>
        <translation>%1：不完好（1 个问题）。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/verify.py" line="86" />
        <source>%1: NOT sound (%n problems).</source>
        <translation>%1：不完好（%n 个问题）。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/verify.py" line="91" />
        <source>archive %1</source>
        <translation>归档检查：%1</translation>
    </message>
    <message>
        <location filename="../../ui/commands/verify.py" line="98" />
        <source>note: %1</source>
        <translation>提示：%1</translation>
    </message>
    <message>
        <location filename="../../ui/commands/verify.py" line="128" />
        <source>the database cannot be read: %1</source>
        <translation>无法读取数据库：%1</translation>
    </message>
    <message>
        <location filename="../../ui/commands/verify.py" line="154" />
        <source>verifying: %1 / %2 seals and audit events (%3%)</source>
        <translation>正在校验：%1 / %2 个封存和审计记录（%3%）</translation>
    </message>
    <message>
        <location filename="../../main.py" line="85" />
        <source>main.py: error: %1</source>
        <translation>main.py：错误：%1</translation>
    </message>
    <message>
        <location filename="../../main.py" line="90" />
        <source>main.py: interrupted</source>
        <translation>main.py：已中断</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="200" />
        <source>%1:</source>
        <comment>a heading of the help: the colon of the language</comment>
        <translation>%1：</translation>
    </message>
</context>
<context>
    <name>ComplaintTableModel</name>
    <message>
        <location filename="../../ui/register/model.py" line="34" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/register/model.py" line="35" />
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../ui/register/model.py" line="36" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../ui/register/model.py" line="37" />
        <source>Complaint</source>
        <translation>投诉原话</translation>
    </message>
    <message>
        <location filename="../../ui/register/model.py" line="38" />
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/register/model.py" line="40" />
        <source>Staff</source>
        <translation>受理人</translation>
    </message>
    <message>
        <location filename="../../ui/register/model.py" line="41" />
        <source>Amount</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/register/model.py" line="44" />
        <source>Who received the complaint (the export's “Received by”)</source>
        <translation>受理这件投诉的人（导出文件中的“受理人”）</translation>
    </message>
    <message>
        <location filename="../../ui/register/model.py" line="45" />
        <source>Compensation the customer accepted, in yuan</source>
        <translation>顾客接受的补偿金额，单位：元</translation>
    </message>
    <message>
        <location filename="../../ui/register/model.py" line="47" />
        <source>The time promised to the customer has passed</source>
        <translation>已超过向顾客承诺的答复时间</translation>
    </message>
    <message>
        <location filename="../../ui/register/model.py" line="39" />
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ConsentLabels</name>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="87" />
        <source>Accepted</source>
        <translation>接受</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="88" />
        <source>Declined</source>
        <translation>不接受</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="89" />
        <source>Counter-demand</source>
        <translation>另提要求</translation>
    </message>
</context>
<context>
    <name>ConsentPage</name>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="100" />
        <source>The customer's answer</source>
        <translation>顾客意见</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="101" />
        <source>Ask for the customer's opinion; if they disagree, do not argue: note what they want.</source>
        <translation>征求顾客意见；顾客不接受时不要争辩，记下顾客的想法。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="104" />
        <source>Answer:</source>
        <translation>顾客意见：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="105" />
        <location filename="../../ui/intake/consent_page.py" line="210" />
        <source>They ask &amp;instead:</source>
        <translation>顾客另提要求(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="106" />
        <source>Satisfaction:</source>
        <translation>满意度：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="107" />
        <source>Signature:</source>
        <translation>顾客签名：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="108" />
        <source>Or verbal consent, &amp;witnessed by:</source>
        <translation>或口头同意，见证人(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="128" />
        <source>&amp;Accepted</source>
        <translation>接受(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="129" />
        <source>&amp;Declined</source>
        <translation>不接受(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="130" />
        <source>&amp;Counter-demand</source>
        <translation>另提要求(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="131" />
        <source>1 very dissatisfied … 5 very satisfied (leave empty if not asked)</source>
        <translation>1 非常不满意 … 5 非常满意（未询问可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="182" />
        <source>Decided by %1 at %2.</source>
        <translation>由 %1 于 %2 决定。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="188" />
        <source>The desk had asked for: %1 (total %2).</source>
        <translation>受理台原方案：%1（合计 %2）。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="201" />
        <source>What they &amp;said:</source>
        <translation>顾客的意见(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="208" />
        <source>Why they decline, in their words (if they said)</source>
        <translation>顾客不接受的理由，尽量用顾客的原话（顾客说了才填）</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="211" />
        <source>What the customer wants instead, in their words</source>
        <translation>顾客另提的要求（用顾客的原话）</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="133" />
        <source>C&amp;lear signature</source>
        <translation>清除签名(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="134" />
        <source>Name of a colleague who heard the customer agree</source>
        <translation>听到顾客同意的同事姓名</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="169" />
        <source>The proposal</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="170" />
        <source>Total: %1 yuan</source>
        <translation>合计：%1 元</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="174" />
        <source>The office approved this proposal.</source>
        <translation>办公室已批准此方案。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="175" />
        <source>The office changed the remedy.</source>
        <translation>办公室已调整补偿方式。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="176" />
        <source>The office has taken this case over.</source>
        <translation>此投诉已由办公室接管。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/consent_page.py" line="233" />
        <source>&amp;New proposal</source>
        <translation>重新提出方案(&amp;N)</translation>
    </message>
</context>
<context>
    <name>DamagedDatabaseDialog</name>
    <message>
        <location filename="../../ui/damaged_restore.py" line="54" />
        <source>The database cannot be opened</source>
        <translation>数据库无法打开</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="58" />
        <source>The database %1 cannot be opened: %2.

A backup can take its place. The damaged file is kept aside in the backups folder, never deleted. Close Complaint Desk on the other computers that use this database first.</source>
        <translation>数据库 %1 无法打开：%2。

可以用一份备份替换它。已损坏的文件会另存在备份文件夹中，不会删除。请先在使用该数据库的其他电脑上关闭投诉受理台。</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="70" />
        <source>&amp;Other file…</source>
        <translation>其他文件(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="80" />
        <source>&amp;Backup:</source>
        <translation>备份(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="83" />
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="84" />
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="85" />
        <source>An office or administrator account as it was in the backup.</source>
        <translation>备份中的办公室或管理员账号（以备份时的账号和密码为准）。</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="88" />
        <source>&amp;Restore…</source>
        <translation>恢复(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="105" />
        <source>the file is damaged</source>
        <translation>文件已损坏</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="106" />
        <source>the file is no database (any more)</source>
        <translation>该文件（已）不是数据库</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="109" />
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/damaged_restore.py" line="117" />
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n 件投诉</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="118" />
        <source>%1 — %2 (%3)</source>
        <translation>%1 — %2（%3）</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="124" />
        <source>Choose a backup</source>
        <translation>选择备份</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="125" />
        <source>Backups (*.db);;All files (*)</source>
        <translation>备份 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="142" />
        <source>Choose a backup: none beside the database checked out.</source>
        <translation>请选择一份备份：数据库旁边没有通过检查的备份。</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="145" />
        <source>Enter the user name and the password of an account of the backup.</source>
        <translation>请输入备份中某个账号的用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="154" />
        <source>Checking the backup…</source>
        <translation>正在检查备份…</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="175" />
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/damaged_restore.py" line="178" />
        <source>Restore the backup taken %1 (%n case(s)) in place of the damaged database?</source>
        <translation>
            <numerusform>用 %1 的备份（共 %n 件投诉）替换已损坏的数据库？</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="185" />
        <source>What was saved since the backup cannot be counted in the damaged file, and it will be gone. The damaged file is kept aside in the backups folder.</source>
        <translation>已损坏的文件中无法统计备份之后保存的内容，恢复后这些内容将丢失。已损坏的文件另存在备份文件夹中。</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="189" />
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="208" />
        <source>Backup restored</source>
        <translation>备份已恢复</translation>
    </message>
    <message>
        <location filename="../../ui/damaged_restore.py" line="210" />
        <source>The backup is restored. The damaged database is kept in %1.</source>
        <translation>备份已恢复。已损坏的数据库另存在 %1。</translation>
    </message>
</context>
<context>
    <name>DismissDialog</name>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="473" />
        <source>Dismiss the suggestion on %1</source>
        <translation>%1 的建议不予整改</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="474" />
        <source>“%1”
Why is no action taken?</source>
        <translation>“%1”
为什么不予整改？</translation>
    </message>
</context>
<context>
    <name>DomainError</name>
    <message>
        <location filename="../../models/customer.py" line="44" />
        <source>{phone} is not a phone number: give a mobile number (11 digits) or a landline with its area code.</source>
        <translation>{phone} 不是有效的电话号码：请填写 11 位手机号，或带区号的固定电话。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="149" />
        <location filename="../../models/postgresql.py" line="194" />
        <source>Another desk is saving; try again in a moment.</source>
        <translation>另一个受理台正在保存；请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="154" />
        <source>The database file is read-only here: Complaint Desk cannot log in or save on it. Ask IT for write access to it, or work on a copy of it.</source>
        <translation>此数据库文件在本机是只读的：投诉受理台无法登录或保存。请向 IT 人员申请写入权限，或改用该文件的副本。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="162" />
        <source>The disk is full: this was not saved. Free some space on the computer holding the database (or ask IT to), then try again.</source>
        <translation>磁盘已满：本次内容没有保存。请在存放数据库的电脑上腾出空间（或请 IT 人员处理）后再试。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="321" />
        <source>No database file was given.</source>
        <translation>未指定数据库文件。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="397" />
        <location filename="../../models/database.py" line="404" />
        <source>{path} holds no Complaint Desk database.</source>
        <translation>{path} 中没有投诉受理台数据库。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="486" />
        <source>{path} is a folder, not a database file.</source>
        <translation>{path} 是文件夹，不是数据库文件。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/export.py" line="92" />
        <source>Export to a file ending in .xlsx or .csv; {name} is neither.</source>
        <translation>请导出为以 .xlsx 或 .csv 结尾的文件；{name} 都不是。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/export.py" line="103" />
        <source>{path} is a folder, not a file.</source>
        <translation>{path} 是文件夹，不是文件。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/export.py" line="105" />
        <location filename="../../models/database.py" line="490" />
        <location filename="../../ui/commands/common.py" line="127" />
        <location filename="../../ui/commands/summary.py" line="66" />
        <source>The folder {folder} does not exist.</source>
        <translation>文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/export.py" line="116" />
        <location filename="../../ui/commands/summary.py" line="107" />
        <source>The file {path} cannot be written: {reason}.</source>
        <translation>无法写入文件 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/export.py" line="306" />
        <source>A worksheet holds at most {limit} rows: narrow the filters or export to CSV.</source>
        <translation>一张工作表最多容纳 {limit} 行：请缩小筛选范围或导出为 CSV。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/export.py" line="547" />
        <source>Choose the language zh_CN or en, not {language}.</source>
        <translation>请选择语言 zh_CN 或 en，而不是 {language}。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/export.py" line="642" />
        <source>{count} complaints match, more than a worksheet's {limit} rows: narrow the filters or export to CSV.</source>
        <translation>符合条件的投诉有 {count} 件，超过一张工作表的 {limit} 行：请缩小筛选范围或导出为 CSV。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="313" />
        <source>Database URLs of the kind '{scheme}' are not supported; give a SQLite file path or a postgresql:// address.</source>
        <translation>不支持“{scheme}”类型的数据库地址；请给出 SQLite 文件路径或 postgresql:// 地址。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="379" />
        <source>The database file {path} does not exist: check --db, or make it by starting the desk once (main.py without a command) or with demo data (main.py demo).</source>
        <translation>数据库文件 {path} 不存在：请检查 --db；或先启动一次受理台（不带命令运行 main.py），或用 main.py demo 生成演示数据，以创建该文件。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="506" />
        <location filename="../../models/database.py" line="517" />
        <source>Cannot open {path} as a database: {reason}.</source>
        <translation>无法将 {path} 作为数据库打开：{reason}。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="727" />
        <source>{path} is not a Complaint Desk database.</source>
        <translation>{path} 不是投诉受理台的数据库。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="732" />
        <source>{path} was written by a newer version of Complaint Desk (schema {schema}); update the application to open it.</source>
        <translation>{path} 由更新版本的投诉受理台创建（数据结构 {schema}），请先升级本程序再打开。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="954" />
        <source>This database lives on a PostgreSQL server, which gives free space back itself (autovacuum); compact is for a database file.</source>
        <translation>此数据库位于 PostgreSQL 服务器上，服务器会自行回收空闲空间（autovacuum）；压缩只用于数据库文件。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="1013" />
        <source>it holds no database yet; Complaint Desk creates one when it opens it.</source>
        <translation>其中还没有数据库；投诉受理台打开它时会创建。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="1019" />
        <source>it is not a Complaint Desk database (it holds other tables).</source>
        <translation>它不是投诉受理台数据库（其中是别的数据表）。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="1023" />
        <source>it was written by a newer version of Complaint Desk (schema {schema}); update the application to check it.</source>
        <translation>它由更新版本的投诉受理台写入（数据结构 {schema}）；请升级本程序后再检查。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="1030" />
        <source>its schema is older than this version of Complaint Desk ({pending} not applied); the application upgrades it when it opens the file, after a backup copy, and the archive can be checked then.</source>
        <translation>它的数据结构比本版本的投诉受理台旧（尚未应用 {pending}）；本程序打开该文件时会先备份再升级，之后即可检查归档。</translation>
    </message>
    <message>
        <location filename="../../models/setup.py" line="42" />
        <source>Enter the organisation's name.</source>
        <translation>请填写单位名称。</translation>
    </message>
    <message>
        <location filename="../../models/setup.py" line="22" />
        <source>This database has been set up already.</source>
        <translation>此数据库已完成初始设置。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="136" />
        <source>The password must have at least {count} characters.</source>
        <translation>密码至少需要 {count} 个字符。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="140" />
        <source>A password cannot be made of spaces only.</source>
        <translation>密码不能只由空格组成。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="144" />
        <source>That password is among the first anyone would try (a common one, a run of keys or the user name): choose another.</source>
        <translation>这个密码太容易被猜到（常见密码、连续按键或与用户名相同）：请另选一个。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="170" />
        <source>Enter a user name.</source>
        <translation>请填写用户名。</translation>
    </message>
    <message>
        <location filename="../../models/accounts.py" line="113" />
        <source>An authority limit is between 0 and {limit} yuan.</source>
        <translation>授权额度应在 0 到 {limit} 元之间。</translation>
    </message>
    <message>
        <location filename="../../models/accounts.py" line="119" />
        <source>The daily limit cannot be lower than the limit per case.</source>
        <translation>每日授权额度不能低于每单授权额度。</translation>
    </message>
    <message>
        <location filename="../../models/accounts.py" line="139" />
        <source>'{remedy}' is given only by the office's decision: no account can be granted it.</source>
        <translation>“{remedy}”只能由办公室决定给予，不能授予任何账号。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="159" />
        <source>Enter the person's full name.</source>
        <translation>请填写姓名。</translation>
    </message>
    <message>
        <location filename="../../models/accounts.py" line="80" />
        <source>The account {username} was changed after it was shown here: nothing was saved. Press Save again to save what is in this form over that change, or look at the account again first.</source>
        <translation>账号 {username} 在此处显示之后已被修改：本次未保存。再按“保存”将以本表单的内容覆盖该修改；或先重新查看该账号。</translation>
    </message>
    <message>
        <location filename="../../models/accounts.py" line="90" />
        <source>{name} changed the account {username} at {time}, after it was shown here: nothing was saved. Press Save again to save what is in this form over that change, or look at the account again first.</source>
        <translation>{name}已于 {time} 修改了账号 {username}（在此处显示之后）：本次未保存。再按“保存”将以本表单的内容覆盖该修改；或先重新查看该账号。</translation>
    </message>
    <message>
        <location filename="../../models/accounts.py" line="212" />
        <source>You cannot take away your own administrator role.</source>
        <translation>不能取消您自己的管理员角色。</translation>
    </message>
    <message>
        <location filename="../../models/accounts.py" line="244" />
        <source>You cannot disable your own account.</source>
        <translation>不能停用您自己的账号。</translation>
    </message>
    <message>
        <location filename="../../models/accounts.py" line="275" />
        <source>That is the password you have: choose a new one.</source>
        <translation>这就是您现在的密码，请另选一个新密码。</translation>
    </message>
    <message>
        <location filename="../../models/accounts.py" line="282" />
        <source>That is not your current password.</source>
        <translation>这不是您当前的密码。</translation>
    </message>
    <message>
        <location filename="../../models/accounts.py" line="298" />
        <source>The account {username} is not locked.</source>
        <translation>账号 {username} 未被锁定。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="175" />
        <source>A user name uses Latin letters and digits, with . _ - after the first character, and no spaces.</source>
        <translation>用户名只能使用英文字母和数字，首字符之后也可用 . _ -，不能有空格。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="200" />
        <source>Authority limits cannot be negative.</source>
        <translation>授权额度不能为负数。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="204" />
        <source>The user name {username} is taken.</source>
        <translation>用户名 {username} 已被使用。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="211" />
        <source>The user name {username} is taken (as {taken}).</source>
        <translation>用户名 {username} 与已有的用户名 {taken} 只差大小写，不能使用。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="294" />
        <source>Too many wrong passwords: the account {username} is locked until {time}.</source>
        <translation>密码错误次数过多：账号 {username} 已锁定，{time} 后可再登录。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="227" />
        <source>The user name or the password is wrong.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../models/handover.py" line="189" />
        <location filename="../../models/permissions.py" line="133" />
        <source>Nobody is logged in; log in first.</source>
        <translation>尚未登录；请先登录。</translation>
    </message>
    <message>
        <location filename="../../models/handover.py" line="192" />
        <source>{name} is the one handing the desk over: the incoming duty manager logs in here (to go on yourself, Cancel).</source>
        <translation>{name}正在交班：请接班的值班经理在此登录（如要自己继续值班，请点“取消”）。</translation>
    </message>
    <message>
        <location filename="../../models/handover.py" line="218" />
        <location filename="../../models/permissions.py" line="137" />
        <location filename="../../models/staff.py" line="259" />
        <location filename="../../ui/main_window.py" line="828" />
        <source>The account {username} is disabled; ask an administrator.</source>
        <translation>账号 {username} 已停用，请联系管理员。</translation>
    </message>
    <message>
        <location filename="../../models/demo/store.py" line="119" />
        <source>Demo data needs at least one active category, department and remedy.</source>
        <translation>生成演示数据至少需要一个启用的分类、部门和补偿方式。</translation>
    </message>
    <message>
        <location filename="../../models/demo/store.py" line="288" />
        <source>Another desk wrote complaints into this database while the demo data was loading, so the demo stopped there; what it had written stays. Load demo data into a database nobody is using.</source>
        <translation>加载演示数据期间，另一个受理台向本数据库写入了投诉，演示数据的加载已就此停止；已写入的部分予以保留。请将演示数据加载到无人使用的数据库中。</translation>
    </message>
    <message>
        <location filename="../../models/errors.py" line="136" />
        <source>This proposal is beyond your authority: {reasons}</source>
        <translation>此方案超出您的权限：{reasons}</translation>
    </message>
    <message>
        <location filename="../../models/archive.py" line="634" />
        <source>Complaint {number} is archived already.</source>
        <translation>投诉 {number} 已经归档。</translation>
    </message>
    <message>
        <location filename="../../models/archive.py" line="650" />
        <source>Say why the archived record is corrected.</source>
        <translation>请说明更正已归档记录的原因。</translation>
    </message>
    <message>
        <location filename="../../models/archive.py" line="712" />
        <source>The sealed record of {number} cannot be read: verify the archive.</source>
        <translation>{number} 的封存记录无法读取：请校验归档。</translation>
    </message>
    <message>
        <location filename="../../models/archive.py" line="1044" />
        <source>{number} is still open ({state}): a complaint's form is printed once it is closed or withdrawn.</source>
        <translation>{number} 尚未结案（{state}）：投诉结案或撤回归档后才能打印记录表。</translation>
    </message>
    <message>
        <location filename="../../models/archive.py" line="1064" />
        <source>{number}: an external case's record, printed from its own page (Office: external cases).</source>
        <translation>{number}：这是外部投诉的记录，请在它自己的页面（办公室：外部投诉）打印。</translation>
    </message>
    <message>
        <location filename="../../models/archive.py" line="1073" />
        <source>There are no archived complaints {number}.</source>
        <translation>没有这些归档投诉：{number}。</translation>
    </message>
    <message>
        <location filename="../../models/text.py" line="41" />
        <source>This text is {length} characters long; the limit is {limit}.</source>
        <translation>已输入 {length} 个字符，超过上限 {limit} 个。</translation>
    </message>
    <message>
        <location filename="../../models/archive.py" line="660" />
        <source>Say what is corrected.</source>
        <translation>请说明更正的内容。</translation>
    </message>
    <message>
        <location filename="../../models/archive.py" line="666" />
        <location filename="../../models/archive.py" line="1071" />
        <source>There is no archived complaint {number}.</source>
        <translation>没有编号为 {number} 的归档投诉。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="118" />
        <source>Write down the complaint in the customer's words.</source>
        <translation>请用顾客的原话记录投诉内容。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="119" />
        <source>Write down what the customer asks for.</source>
        <translation>请记录顾客的要求。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="120" />
        <source>Write down what the investigation found.</source>
        <translation>请记录调查结果。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="121" />
        <source>Write a hand-off note for the office.</source>
        <translation>请填写给办公室的上报说明。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="122" />
        <source>Explain the decision for the desk.</source>
        <translation>请向受理台说明决定的理由。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="123" />
        <source>Write down what the customer asks for instead.</source>
        <translation>请记录顾客另提的要求。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="124" />
        <source>Say why the complaint is withdrawn.</source>
        <translation>请说明撤回投诉的原因。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="125" />
        <location filename="../../models/intake/quick.py" line="216" />
        <source>Name the witness of the verbal consent.</source>
        <translation>请填写口头同意的见证人。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="126" />
        <source>Say what the follow-up is for.</source>
        <translation>请说明回访事项。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="127" />
        <source>Say what was promised.</source>
        <translation>请写明承诺的事项。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="155" />
        <source>{value} is not an amount of money.</source>
        <translation>{value} 不是有效的金额。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="166" />
        <source>An amount cannot be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="168" />
        <source>Amounts have at most two decimal places (fen).</source>
        <translation>金额最多保留两位小数（到分）。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="172" />
        <source>{amount} yuan is not a believable compensation; the most is {limit}.</source>
        <translation>{amount} 元不是合理的补偿金额，最多为 {limit} 元。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="77" />
        <source>Only the office can decide an escalated case.</source>
        <translation>只有办公室可以决定上报的投诉。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="78" />
        <source>Only the office can correct the archive.</source>
        <translation>只有办公室可以更正归档记录。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="79" />
        <source>Only an administrator can manage accounts.</source>
        <translation>只有管理员可以管理账号。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="80" />
        <source>Only the office can change the catalogues.</source>
        <translation>只有办公室可以修改基础资料。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="81" />
        <source>Only the office can print archived forms.</source>
        <translation>只有办公室可以打印已归档的记录表。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="82" />
        <source>Only the office can record and handle external cases.</source>
        <translation>只有办公室可以登记和处理外部投诉。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="83" />
        <source>Only the office can see the hot-spots.</source>
        <translation>只有办公室可以查看热点投诉。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="84" />
        <source>Only the office can acknowledge a risk warning or take a case over.</source>
        <translation>只有办公室可以确认风险提示或接管投诉。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="87" />
        <source>Only the office can create, change and verify improvement actions.</source>
        <translation>只有办公室可以新建、修改和验证整改措施。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="90" />
        <source>Only the office can record recovery from a third party.</source>
        <translation>只有办公室可以登记向第三方追偿。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="91" />
        <source>Only the office can write and sign off the work summary.</source>
        <translation>只有办公室可以撰写和签发工作总结。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="92" />
        <source>Only the office can export lists: they carry customers' phone numbers out of Complaint Desk.</source>
        <translation>只有办公室可以导出列表：导出的文件会把顾客的电话号码带出投诉受理台。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="95" />
        <source>Only the office or an administrator can take, restore or set up backups.</source>
        <translation>只有办公室或管理员可以备份、恢复或设置备份。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="98" />
        <source>Only an administrator can copy the database to a server.</source>
        <translation>只有管理员可以把数据库复制到服务器。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="99" />
        <source>Only the office or an administrator can compact the database file: the other desks wait while it runs.</source>
        <translation>只有办公室或管理员可以压缩数据库文件：压缩期间其他服务台须等待。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="145" />
        <source>An administrator set the password of {username}: choose your own first (File → Change my password…).</source>
        <translation>{username} 的密码是管理员设置的：请先设置自己的密码（文件 → 修改我的密码…）。</translation>
    </message>
    <message>
        <location filename="../../models/permissions.py" line="153" />
        <source>Your role may not do this.</source>
        <translation>您的角色无权进行此操作。</translation>
    </message>
    <message>
        <location filename="../../models/control/alerts.py" line="101" />
        <location filename="../../models/intake/cases.py" line="49" />
        <source>This complaint no longer exists.</source>
        <translation>此投诉已不存在。</translation>
    </message>
    <message>
        <location filename="../../models/control/alerts.py" line="104" />
        <location filename="../../models/intake/cases.py" line="71" />
        <source>Complaint {number} is closed; it can no longer be changed.</source>
        <translation>投诉 {number} 已结案，不能再修改。</translation>
    </message>
    <message>
        <location filename="../../models/control/alerts.py" line="122" />
        <source>There is no escalation risk to tell the office of.</source>
        <translation>没有需要通知办公室的越级风险。</translation>
    </message>
    <message>
        <location filename="../../models/control/alerts.py" line="132" />
        <source>The office was told of this case at {time} and has not answered yet.</source>
        <translation>已于 {time} 通知办公室，办公室尚未答复。</translation>
    </message>
    <message>
        <location filename="../../models/control/alerts.py" line="181" />
        <location filename="../../models/control/alerts.py" line="188" />
        <source>This alert has been answered already.</source>
        <translation>此提醒已有答复。</translation>
    </message>
    <message>
        <location filename="../../models/control/alerts.py" line="211" />
        <source>Write a note: what the office does about it.</source>
        <translation>请写下说明：办公室如何处理。</translation>
    </message>
    <message>
        <location filename="../../models/control/alerts.py" line="217" />
        <source>Choose a case or an alert first.</source>
        <translation>请先选择一件投诉或一条提醒。</translation>
    </message>
    <message>
        <location filename="../../models/intake/cases.py" line="55" />
        <source>{name} closed complaint {number} at {time}: nothing can be added to it now. Tell the office anything promised to the customer on this page.</source>
        <translation>{name}已于 {time} 将投诉 {number} 结案：现已不能再添加任何内容。本页上向顾客承诺的事项，请告知办公室。</translation>
    </message>
    <message>
        <location filename="../../models/intake/cases.py" line="61" />
        <source>{name} recorded the withdrawal of complaint {number} at {time}: nothing can be added to it now. Tell the office anything promised to the customer on this page.</source>
        <translation>{name}已于 {time} 记录投诉 {number} 撤回：现已不能再添加任何内容。本页上向顾客承诺的事项，请告知办公室。</translation>
    </message>
    <message>
        <location filename="../../models/intake/cases.py" line="104" />
        <source>Complaint {number} is no longer the one shown here (the database was restored from a backup meanwhile): nothing was saved. Close this window and look the complaint up again.</source>
        <translation>投诉 {number} 已不是此处显示的那一件（期间数据库已从备份恢复）：本次未保存。请关闭此窗口，重新查找该投诉。</translation>
    </message>
    <message>
        <location filename="../../models/intake/cases.py" line="114" />
        <source>{name} changed this complaint at {time}, after this step was shown here: nothing was saved. Press the button again to save what is on this page over that change, or Continue later and open the complaint again to see it first.</source>
        <translation>{name}在 {time} 修改了此投诉（本步骤显示之后）：本次未保存。再次点击同一按钮将用本页内容覆盖其修改；如要先查看其修改，请点“稍后继续”，再重新打开此投诉。</translation>
    </message>
    <message>
        <location filename="../../models/intake/cases.py" line="81" />
        <source>This step is not possible while the complaint is '{state}'.</source>
        <translation>投诉处于“{state}”状态，不能进行此步骤。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="178" />
        <source>Choose how the complaint came in.</source>
        <translation>请选择投诉来源。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="186" />
        <source>Choose how serious the complaint is.</source>
        <translation>请选择投诉的严重程度。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="200" />
        <location filename="../../models/intake/transitions.py" line="184" />
        <source>Choose the complaint's category.</source>
        <translation>请选择投诉分类。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="72" />
        <location filename="../../models/control/external.py" line="228" />
        <source>Enter a name.</source>
        <translation>请填写名称。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="52" />
        <source>This is the last category in use: the desk needs one to take a complaint. Add another first.</source>
        <translation>这是最后一个在用的投诉分类：受理投诉必须选择分类。请先添加另一个分类。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="55" />
        <source>This is the last department in use: investigations name one. Add another first.</source>
        <translation>这是最后一个在用的部门：调查核实需要指明责任部门。请先添加另一个部门。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="58" />
        <source>This is the last remedy in use: proposals are made of remedies. Add another first.</source>
        <translation>这是最后一个在用的补偿方式：处理方案由补偿方式组成。请先添加另一个补偿方式。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="78" />
        <source>Choose one of the offered values.</source>
        <translation>请从列出的选项中选择。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="96" />
        <source>Write the word.</source>
        <translation>请填写关键词。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="105" />
        <source>{word} is on the list already.</source>
        <translation>“{word}”已在关键词表中。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="109" />
        <source>{word} is on the list already, written {listed}: the two are matched alike.</source>
        <translation>“{word}”已在列表中（写作“{listed}”）：两者按同一个词匹配。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="119" />
        <source>A weight is a whole number from {low} to {high}.</source>
        <translation>权重是 {low} 到 {high} 之间的整数。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="141" />
        <location filename="../../models/control/external.py" line="248" />
        <source>Another entry is named {name} already.</source>
        <translation>已有条目名为“{name}”。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="145" />
        <source>A retired entry is named {name}: bring that one back instead.</source>
        <translation>已停用的条目中有一个名为“{name}”：请重新启用那一个。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="155" />
        <source>Write the prompt.</source>
        <translation>请填写提示语。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="179" />
        <source>The department {department} is retired: choose one in use.</source>
        <translation>部门“{department}”已停用，请选择在用的部门。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="195" />
        <source>Say where the customer is sent.</source>
        <translation>请写明引导顾客去哪里。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="230" />
        <source>This entry was changed after it was shown here: nothing was saved. Press Save again to save what is in this form over that change, or choose the entry again to see it first.</source>
        <translation>此条目在此处显示之后已被修改：本次未保存。再按“保存”将以本表单的内容覆盖该修改；或先重新选择该条目查看。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="239" />
        <source>{name} changed this entry at {time}, after it was shown here: nothing was saved. Press Save again to save what is in this form over that change, or choose the entry again to see it first.</source>
        <translation>{name}已于 {time} 修改了此条目（在此处显示之后）：本次未保存。再按“保存”将以本表单的内容覆盖该修改；或先重新选择该条目查看。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="330" />
        <source>{name} is a folder: choose the logo's image file.</source>
        <translation>{name} 是文件夹：请选择徽标的图片文件。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="333" />
        <source>The file {name} does not exist.</source>
        <translation>文件 {name} 不存在。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="335" />
        <source>{name} is not a PNG or JPEG image.</source>
        <translation>{name} 不是 PNG 或 JPEG 图片。</translation>
    </message>
    <message>
        <location filename="../../models/intake/inputs.py" line="142" />
        <source>Promise a wait between 1 minute and {days} days.</source>
        <translation>承诺答复时间应在 1 分钟到 {days} 天之间。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="340" />
        <source>The desk locks after 1 to {limit} idle minutes.</source>
        <translation>闲置锁定时间应为 1 到 {limit} 分钟。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="192" />
        <source>Repeat the complaint back to the customer and confirm they feel understood.</source>
        <translation>请向顾客复述投诉内容，并确认顾客认为您已理解。</translation>
    </message>
    <message>
        <location filename="../../models/catalog_admin.py" line="173" />
        <location filename="../../models/intake/transitions.py" line="260" />
        <source>Choose the responsible department.</source>
        <translation>请选择责任部门。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="263" />
        <source>Choose how far the company is responsible.</source>
        <translation>请选择公司的责任程度。</translation>
    </message>
    <message>
        <location filename="../../models/intake/authority.py" line="21" />
        <source>Complaints of the category '{category}' always go to the office.</source>
        <translation>“{category}”类投诉一律上报办公室。</translation>
    </message>
    <message>
        <location filename="../../models/intake/authority.py" line="94" />
        <source>You may not grant '{remedy}'.</source>
        <translation>您无权给予“{remedy}”。</translation>
    </message>
    <message>
        <location filename="../../models/intake/authority.py" line="101" />
        <source>The total of {total} yuan exceeds your limit of {limit} yuan per case.</source>
        <translation>合计 {total} 元，超出您每单 {limit} 元的授权额度。</translation>
    </message>
    <message>
        <location filename="../../models/intake/authority.py" line="112" />
        <source>Only {left} yuan of your daily limit of {limit} yuan is left today.</source>
        <translation>您的每日授权额度为 {limit} 元，今天只剩 {left} 元。</translation>
    </message>
    <message>
        <location filename="../../models/intake/authority.py" line="129" />
        <source>{name} of the office has taken this case over.</source>
        <translation>办公室的{name}已接管此投诉。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="158" />
        <source>A complaint cannot be received in the future: check the date and time.</source>
        <translation>受理时间不能晚于现在：请检查日期和时间。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="163" />
        <source>Received more than {days} days ago? Check the date; older complaints go to the office.</source>
        <translation>受理时间在 {days} 天以前？请核对日期；更早的投诉请交办公室处理。</translation>
    </message>
    <message>
        <location filename="../../models/intake/quick.py" line="109" />
        <source>A serious complaint (injury, food safety, property).</source>
        <translation>属严重投诉（人身伤害、食品安全、财物损失）。</translation>
    </message>
    <message>
        <location filename="../../models/intake/quick.py" line="54" />
        <source>There is a sign of escalation risk.</source>
        <translation>有越级投诉的迹象。</translation>
    </message>
    <message>
        <location filename="../../models/intake/quick.py" line="52" />
        <source>The customer has not agreed to the remedy.</source>
        <translation>顾客尚未接受处理方案。</translation>
    </message>
    <message>
        <location filename="../../models/intake/quick.py" line="95" />
        <source>This case needs the full intake: {reasons}</source>
        <translation>此投诉须走完整受理流程：{reasons}</translation>
    </message>
    <message>
        <location filename="../../models/intake/quick.py" line="114" />
        <source>The company is not clearly at fault: the full intake finds out, or explains to the customer.</source>
        <translation>责任不明确或不在我方：需走完整受理流程调查清楚，或向顾客解释。</translation>
    </message>
    <message>
        <location filename="../../models/intake/quick.py" line="124" />
        <source>No department answers for this category by default: the full intake asks which one.</source>
        <translation>此类投诉没有默认的责任部门：需在完整受理流程中选择。</translation>
    </message>
    <message>
        <location filename="../../models/intake/quick.py" line="211" />
        <source>Choose whether the company is at fault.</source>
        <translation>请选择是否我方责任。</translation>
    </message>
    <message>
        <location filename="../../models/intake/quick.py" line="213" />
        <location filename="../../models/intake/transitions.py" line="284" />
        <source>Add at least one remedy to the proposal.</source>
        <translation>方案中至少要有一项补偿。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="287" />
        <source>A proposal has at most {count} remedies.</source>
        <translation>一个方案最多 {count} 项补偿。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="293" />
        <source>Choose a remedy from the catalogue.</source>
        <translation>请从基础资料中选择补偿方式。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="297" />
        <source>'{remedy}' is no longer offered: choose another remedy.</source>
        <translation>“{remedy}”已停用：请另选补偿方式。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="361" />
        <source>The office has decided on complaint {number}: tell the customer its answer and record what they say. If they decline it, a new proposal follows.</source>
        <translation>办公室已对投诉 {number} 作出决定：请向顾客转告办公室的答复并记录顾客意见。顾客不接受时，再提出新方案。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="423" />
        <source>Promise the office's answer for a time after now, and within {days} days.</source>
        <translation>办公室答复时间须晚于现在，且在 {days} 天之内。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="399" />
        <source>The office needs at least {count} characters: the facts, what the customer wants, what was offered.</source>
        <translation>上报说明至少需要 {count} 个字：事实经过、顾客要求、已提出的方案。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="468" />
        <source>Choose a decision.</source>
        <translation>请选择处理决定。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="491" />
        <source>The desk sent complaint {number} to the office again since this form was set out, with a new request ({total} yuan): the decision is not recorded. Read the new request and decide again.</source>
        <translation>打开此表单后，受理台又将投诉 {number} 上报办公室，提出了新的请求（{total} 元）：本次决定未记录。请阅读新的请求后重新决定。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="505" />
        <source>{name} took complaint {number} over after this form was set out: nothing was changed. Their name is shown with the case now.</source>
        <translation>打开此表单后，{name}接管了投诉 {number}：未作任何更改。现在投诉旁显示了其姓名。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="516" />
        <source>The desk proposed no remedy; change the remedy or take the case over.</source>
        <translation>受理台未提出补偿方案，请调整补偿方式或由办公室接管。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="477" />
        <source>Add at least one remedy. To grant nothing, choose one that costs nothing (an explanation or a written apology, at 0.00) and say why in the decision note.</source>
        <translation>请至少添加一项补偿。如不予补偿，请选择不产生费用的项目（如解释说明或书面道歉，金额 0.00），并在决定说明中写明理由。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="440" />
        <source>The office decides the case: a new time is the desk's to tell.</source>
        <translation>此投诉由办公室决定：新的答复时间由受理台告知顾客。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="557" />
        <source>Record the customer's answer.</source>
        <translation>请记录顾客的答复。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="559" />
        <source>Satisfaction is rated from 1 to 5.</source>
        <translation>满意度为 1 到 5 分。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="563" />
        <source>The signature image is not usable.</source>
        <translation>签名图像无法使用。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="567" />
        <source>Ask the customer to sign, or name who witnessed the verbal consent.</source>
        <translation>请顾客签名，或填写口头同意的见证人。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="582" />
        <source>The proposal changed at another desk while the customer was answering: the answer is not recorded. Show the customer the new proposal below and ask again.</source>
        <translation>顾客答复期间，另一个受理台更改了处理方案：此答复未记录。请向顾客出示下方的新方案，并重新征求意见。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="624" />
        <source>{name} recorded the customer's answer to this proposal at {time} ({consent}), after it was shown here: this answer is not recorded. Press the button again to record it instead, or Continue later and open the complaint again to see theirs.</source>
        <translation>{name}已于 {time} 记录了顾客对此方案的答复（{consent}，本页显示之后）：本次答复未记录。再次点击同一按钮将改记本页的答复；如要先查看对方记录的答复，请点“稍后继续”，再重新打开此投诉。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="648" />
        <source>Choose the kind of follow-up.</source>
        <translation>请选择回访类型。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="651" />
        <source>A call-back needs a date and time in the future.</source>
        <translation>回访时间必须晚于现在。</translation>
    </message>
    <message>
        <location filename="../../models/intake/transitions.py" line="657" />
        <source>A call-back more than {days} days ahead? Check the date: the year, perhaps.</source>
        <translation>回访时间在 {days} 天以后？请检查日期，可能是年份填错了。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="215" />
        <source>Enter {low} to {high} working days.</source>
        <translation>请填写 {low} 到 {high} 个工作日。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="256" />
        <source>Remind fewer working days ahead than the {days} the reply takes.</source>
        <translation>提前提醒的天数须少于答复期限（{days} 个工作日）。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="357" />
        <source>Choose where the complaint went.</source>
        <translation>请选择投诉渠道。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="359" />
        <source>Enter the date the case reached you.</source>
        <translation>请填写收到日期。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="361" />
        <source>The date received cannot be in the future.</source>
        <translation>收到日期不能晚于今天。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="365" />
        <source>The reply cannot be due before the case was received.</source>
        <translation>答复期限不能早于收到日期。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="379" />
        <source>Say what the outside body asks for.</source>
        <translation>请说明外部机构的诉求。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="413" />
        <source>Link the original complaint, or create it from this case.</source>
        <translation>请关联原投诉，或根据此外部投诉新建投诉。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="424" />
        <location filename="../../models/control/improvement.py" line="332" />
        <source>There is no such complaint.</source>
        <translation>该投诉不存在。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="460" />
        <source>{channel} {reference} is recorded already, as external case {number}, still open: work on that one.</source>
        <translation>{channel} {reference} 已登记为外部投诉 {number}，尚未办结：请在该案件中处理。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="487" />
        <source>Received more than {days} days ago? Check the date: a complaint made from it is dated then.</source>
        <translation>收到已超过 {days} 天？请检查日期：据此新建的投诉将以该日期为受理时间。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="504" />
        <source>Write what the customer complained about.</source>
        <translation>请填写顾客投诉的内容。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="519" />
        <location filename="../../models/control/external_queries.py" line="275" />
        <location filename="../../models/control/external_queries.py" line="388" />
        <source>This external case no longer exists.</source>
        <translation>此外部投诉已不存在。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="522" />
        <source>External case {number} is closed; it can no longer be changed.</source>
        <translation>外部投诉 {number} 已结案，不能再修改。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="527" />
        <source>This step is not possible while the external case is '{external_state}'.</source>
        <translation>外部投诉处于“{external_state}”状态，不能进行此操作。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="575" />
        <source>Write the reply that was sent.</source>
        <translation>请填写已发出的答复内容。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="592" />
        <source>Choose the outcome.</source>
        <translation>请选择处理结果。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="600" />
        <source>No reply was recorded: say in the closing note why the case ends.</source>
        <translation>尚未登记答复：请在结案说明中写明结案原因。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="620" />
        <location filename="../../models/intake/transitions.py" line="731" />
        <source>The file {name} is empty.</source>
        <translation>文件 {name} 是空的。</translation>
    </message>
    <message>
        <location filename="../../models/control/external.py" line="624" />
        <location filename="../../models/intake/transitions.py" line="735" />
        <source>The file {name} is larger than {limit} MB.</source>
        <translation>文件 {name} 超过 {limit} MB。</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="56" />
        <source>There is no printer named {name}; installed: {printers}.</source>
        <translation>没有名为 {name} 的打印机；已安装：{printers}。</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="108" />
        <location filename="../../ui/printing.py" line="214" />
        <source>No printer is installed on this computer (or its printing service is not running): add one in the system's printer settings, or save the PDF and print it elsewhere.</source>
        <translation>这台电脑没有安装打印机（或打印服务未运行）：请在系统的打印机设置中添加一台，或保存 PDF 后在别处打印。</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="116" />
        <source>The printer {name} is not installed any more; installed: {printers}.</source>
        <translation>打印机 {name} 已不再安装；已安装的打印机：{printers}。</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="158" />
        <source>The printer {name} cannot be used.</source>
        <translation>无法使用打印机 {name}。</translation>
    </message>
    <message>
        <location filename="../../models/handover.py" line="201" />
        <source>The incoming duty manager acknowledges the handover sheet first.</source>
        <translation>请接班值班经理先确认已阅读交接班记录。</translation>
    </message>
    <message>
        <location filename="../../models/control/external_queries.py" line="338" />
        <source>This file no longer exists.</source>
        <translation>此文件已不存在。</translation>
    </message>
    <message>
        <location filename="../../models/intake/office_steps.py" line="35" />
        <source>You have taken this case over already.</source>
        <translation>您已经接管了此投诉。</translation>
    </message>
    <message>
        <location filename="../../models/intake/office_steps.py" line="39" />
        <source>{name} took complaint {number} over at {time}, after your list was shown: nothing was changed. The list now shows who handles it.</source>
        <translation>{name}已于 {time} 接手投诉 {number}（在您的列表显示之后）：本次未做任何更改。列表现已显示由谁处理。</translation>
    </message>
    <message>
        <location filename="../../models/intake/office_steps.py" line="63" />
        <source>Write down where the customer was sent and what they were told.</source>
        <translation>请写下引导顾客去哪里、告诉了顾客什么。</translation>
    </message>
    <message>
        <location filename="../../models/intake/office_steps.py" line="67" />
        <source>Choose an entry of the referral guide.</source>
        <translation>请从外部转介指引中选择一项。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="179" />
        <source>Enter the date the action is due.</source>
        <translation>请填写完成期限。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="184" />
        <source>There is no such department.</source>
        <translation>没有这个部门。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="188" />
        <source>Measure the effect over {days} days.</source>
        <translation>效果观察期可选 {days} 天。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="193" />
        <source>Say what the problem is.</source>
        <translation>请说明问题。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="197" />
        <source>Say what is to be done.</source>
        <translation>请填写整改措施。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="203" />
        <source>Name the person responsible.</source>
        <translation>请填写责任人。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="225" />
        <source>An action is due within {years} years: on {day} at the latest.</source>
        <translation>整改措施的完成期限须在 {years} 年以内：最晚为 {day}。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="251" />
        <location filename="../../models/control/improvement_queries.py" line="184" />
        <source>This improvement action no longer exists.</source>
        <translation>这项整改措施已不存在。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="255" />
        <source>This step is not possible while action {number} is '{action_state}'.</source>
        <translation>整改措施 {number} 处于“{action_state}”状态，不能进行这一步。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="285" />
        <source>{name} changed action {number} at {time}, after it was shown here: nothing was saved. Press OK again to save what is in this window over that change, or Cancel and look at the action again first.</source>
        <translation>{name}已于 {time} 修改了整改措施 {number}（本窗口显示之后）：本次未保存。再按“确定”将以本窗口的内容覆盖其修改；或点“取消”，先重新查看该整改措施。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="320" />
        <source>Choose the complaints to watch.</source>
        <translation>请选择要观察的投诉。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="328" />
        <location filename="../../models/control/improvement.py" line="461" />
        <source>Link at most {limit} complaints.</source>
        <translation>最多关联 {limit} 件投诉。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="347" />
        <source>{name} wrote action {number} for this hot-spot at {time}: a hot-spot has one action, so this one was not saved. Copy what you typed here into {number} (Improvement actions, Change…).</source>
        <translation>{name}已于 {time} 为该热点制定了整改措施 {number}：一个热点只设一项整改措施，本条未保存。请把此处填写的内容复制到 {number}（整改措施 → 修改…）。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="375" />
        <source>The due date cannot be in the past.</source>
        <translation>完成期限不能早于今天。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="388" />
        <source>An action comes from a hot-spot or a complaint.</source>
        <translation>整改措施须来自热点投诉或某件投诉。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="440" />
        <source>The action cannot be due before it was raised ({day}).</source>
        <translation>完成期限不能早于措施提出的日期（{day}）。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="503" />
        <source>Say what was done.</source>
        <translation>请填写整改情况。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="530" />
        <source>The figures are final on {day} only: write in the note why the action is judged now.</source>
        <translation>统计结果要到 {day} 才能判定：请在说明中写明为何现在作出结论。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="540" />
        <source>No figures are watched for this action: write in the note what the verdict rests on.</source>
        <translation>此措施没有观察对象：请在说明中写明判断的依据。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="548" />
        <source>The figures say otherwise: write in the note why the action is judged so.</source>
        <translation>统计结果与此结论不符：请在说明中写明判断依据。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="570" />
        <source>Say why it is reopened.</source>
        <translation>请说明重新整改的原因。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="572" />
        <source>Give a new due date from today on.</source>
        <translation>请填写不早于今天的新完成期限。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="610" />
        <source>This complaint has no improvement suggestion.</source>
        <translation>这件投诉没有改进建议。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="612" />
        <source>The office has decided on this suggestion already.</source>
        <translation>办公室已对这条建议作出决定。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="630" />
        <source>Choose an action, or write a new one.</source>
        <translation>请选择一项整改措施，或新建一项。</translation>
    </message>
    <message>
        <location filename="../../models/control/improvement.py" line="657" />
        <source>Say why no action is taken.</source>
        <translation>请说明不予整改的原因。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/recovery.py" line="111" />
        <source>Only compensation the customer accepted can be recovered from a third party.</source>
        <translation>只有顾客已接受的补偿才能向第三方追偿。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/recovery.py" line="138" />
        <source>Name the supplier or partner at fault.</source>
        <translation>请写明负有责任的供应商或合作方。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/recovery.py" line="141" />
        <source>The party's name is longer than {max} characters.</source>
        <translation>追偿对象名称超过 {max} 个字符。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/recovery.py" line="146" />
        <source>The note is longer than {max} characters.</source>
        <translation>备注超过 {max} 个字符。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/recovery.py" line="149" />
        <source>The amount due must be above zero.</source>
        <translation>应追偿金额必须大于零。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/recovery.py" line="153" />
        <source>The amount due ({due} yuan) cannot exceed the compensation line's {amount} yuan.</source>
        <translation>应追偿金额（{due} 元）不能超过该项补偿的 {amount} 元。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/recovery.py" line="162" />
        <source>The amount recovered ({recovered} yuan) cannot exceed the amount due ({due} yuan).</source>
        <translation>已追回金额（{recovered} 元）不能超过应追偿金额（{due} 元）。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/recovery.py" line="208" />
        <source>{recovered} yuan was recovered on this line already: its mark stays.</source>
        <translation>该项已追回 {recovered} 元，追偿标记不能撤销。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/summary_store.py" line="94" />
        <source>This work summary was signed off by {name} on {date}; it can no longer be changed.</source>
        <translation>这份工作总结已由 {name} 于 {date} 签发，不能再修改。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/summary_store.py" line="188" />
        <location filename="../../models/analysis/summary_store.py" line="250" />
        <source>This work summary no longer exists.</source>
        <translation>这份工作总结已不存在。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/summary_store.py" line="209" />
        <source>This summary has no version {number}.</source>
        <translation>这份总结没有第 {number} 版。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/summary_store.py" line="237" />
        <source>Give the summary a title.</source>
        <translation>请填写总结的标题。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/summary_store.py" line="264" />
        <source>Choose the period the summary covers.</source>
        <translation>请选择总结涵盖的期间。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/summary_store.py" line="266" />
        <location filename="../../models/analysis/summary_store.py" line="411" />
        <source>The period ends before it begins.</source>
        <translation>期间的结束日期早于开始日期。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/summary_store.py" line="307" />
        <source>A work summary has no section {name}.</source>
        <translation>工作总结没有“{name}”这一部分。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/summary_store.py" line="317" />
        <source>Nothing has changed since version {number}.</source>
        <translation>自第 {number} 版以来没有改动。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/summary_store.py" line="362" />
        <source>{who} saved version {number} at {time}, after version {read} shown here: open version {number} first (what you typed here is not saved; copy it across).</source>
        <translation>{who} 于 {time} 保存了第 {number} 版，晚于此处显示的第 {read} 版：请先打开第 {number} 版（此处输入的内容尚未保存，请复制过去）。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/summary_store.py" line="415" />
        <source>A work summary covers ten years at most; choose a shorter period.</source>
        <translation>一份工作总结最长涵盖十年，请选择较短的期间。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/summary_store.py" line="419" />
        <source>The period begins after today: nothing in it has happened yet.</source>
        <translation>所选期间在今天之后才开始：期间内尚无任何情况。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="161" />
        <source>This database lives on a PostgreSQL server: restore it from the server's own backups (pg_restore into an empty database); Complaint Desk restores none of its own.</source>
        <translation>本数据库在 PostgreSQL 服务器上：请用服务器自己的备份恢复（用 pg_restore 恢复到一个空数据库）；投诉受理台不另行恢复。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="168" />
        <source>This database lives on a PostgreSQL server: back it up with the server's own backups (pg_dump); Complaint Desk takes none of its own.</source>
        <translation>本数据库在 PostgreSQL 服务器上：请用服务器自己的备份（pg_dump）；投诉受理台不另行备份。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="182" />
        <source>This database has no file to back up.</source>
        <translation>此数据库没有可备份的文件。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="210" />
        <source>Keep between {low} and {high} backups of this kind.</source>
        <translation>此类备份请保留 {low} 至 {high} 份。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="255" />
        <source>The backup folder {folder} is a file, not a folder.</source>
        <translation>备份文件夹 {folder} 是一个文件，不是文件夹。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="259" />
        <source>The folder {folder} does not exist: plug in the disk or USB stick it is on, or choose another folder.</source>
        <translation>文件夹 {folder} 不存在：请插上它所在的磁盘或 U 盘，或选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="269" />
        <source>Complaint Desk may not write into the backup folder {folder}.</source>
        <translation>投诉受理台无权写入备份文件夹 {folder}。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="279" />
        <source>The backup folder {folder} is full: no backup was taken. Free some space there or choose another folder on the Backups page.</source>
        <translation>备份文件夹 {folder} 已满：未能备份。请清理空间，或在“备份”页另选文件夹。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="287" />
        <source>No backup could be written into {folder}: {reason}.</source>
        <translation>无法在 {folder} 中写入备份：{reason}。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="418" />
        <source>{path} is a folder: give the name of the file to write in it.</source>
        <translation>{path} 是一个文件夹：请给出要在其中写入的文件名。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="423" />
        <source>{path} exists already: a backup never overwrites a file.</source>
        <translation>{path} 已存在：备份从不覆盖已有文件。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="677" />
        <source>the database cannot be read: {error}</source>
        <translation>数据库无法读取：{error}</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="992" />
        <source>{path} is a folder: choose one of the backup files in it.</source>
        <translation>{path} 是一个文件夹：请选择其中的一个备份文件。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="996" />
        <source>The backup file {path} does not exist.</source>
        <translation>备份文件 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="999" />
        <source>{path} is the database itself, not a backup of it.</source>
        <translation>{path} 是数据库本身，不是它的备份。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="833" />
        <source>The backup {path} did not pass its check and is not restored: {problems}</source>
        <translation>备份 {path} 未通过检查，未予恢复：{problems}</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="815" />
        <source>The backup {path} is of another Complaint Desk database (another desk or hotel), not of this one: it is not restored.</source>
        <translation>备份 {path} 属于另一个投诉受理台数据库（其他受理台或酒店），不是本数据库的：未予恢复。</translation>
    </message>
    <message>
        <location filename="../../models/backups.py" line="934" />
        <location filename="../../models/backups.py" line="1058" />
        <source>The backup could not be put in place: {reason}. The database as it was is kept in {aside}.</source>
        <translation>备份未能恢复：{reason}。原数据库另存在 {aside}。</translation>
    </message>
    <message>
        <location filename="../../models/copy.py" line="96" />
        <location filename="../../models/postgresql.py" line="87" />
        <source>{url} is not a PostgreSQL database address: write postgresql://USER@HOST[:PORT]/NAME.</source>
        <translation>{url} 不是 PostgreSQL 数据库地址：请写成 postgresql://用户@主机[:端口]/数据库名。</translation>
    </message>
    <message>
        <location filename="../../models/copy.py" line="102" />
        <source>Only a SQLite file can be copied to a server.</source>
        <translation>只有 SQLite 文件可以复制到服务器。</translation>
    </message>
    <message>
        <location filename="../../models/copy.py" line="133" />
        <source>Another desk wrote into {where} meanwhile: nothing was copied. Try again.</source>
        <translation>复制期间另一个受理台写入了 {where}：未复制任何内容。请重试。</translation>
    </message>
    <message>
        <location filename="../../models/copy.py" line="189" />
        <source>{where} holds other tables than Complaint Desk's: copy into an empty database.</source>
        <translation>{where} 中有不属于投诉受理台的表：请复制到一个空数据库。</translation>
    </message>
    <message>
        <location filename="../../models/copy.py" line="201" />
        <source>{where} is not empty (it holds rows in {tables}): a desk's file is copied into an empty database only. Create a new database on the server and copy into it.</source>
        <translation>{where} 不是空的（{tables} 中有数据）：受理台的文件只能复制到空数据库。请在服务器上新建一个数据库再复制。</translation>
    </message>
    <message>
        <location filename="../../models/postgresql.py" line="183" />
        <source>The database server cannot be reached: this was not saved. Check the network (or ask IT to check the server), then try again.</source>
        <translation>连不上数据库服务器：本次内容未保存。请检查网络（或请 IT 检查服务器）后重试。</translation>
    </message>
    <message>
        <location filename="../../models/postgresql.py" line="199" />
        <source>The database server's disk is full: this was not saved. Ask IT to free some space, then try again.</source>
        <translation>数据库服务器的磁盘已满：本次内容未保存。请 IT 清理空间后重试。</translation>
    </message>
    <message>
        <location filename="../../models/postgresql.py" line="332" />
        <source>Cannot connect to the database {where}: {reason}</source>
        <translation>无法连接数据库 {where}：{reason}</translation>
    </message>
    <message>
        <location filename="../../models/demo/server.py" line="44" />
        <source>{where} holds cases already: demo data goes into a new database on a server. Create an empty database and load the demo into it.</source>
        <translation>{where} 中已有投诉：服务器上的演示数据只能载入新的数据库。请新建一个空数据库，再把演示数据载入其中。</translation>
    </message>
    <message>
        <location filename="../../models/demo/server.py" line="77" />
        <source>The server's database holds rows the demo cannot keep: {tables}.</source>
        <translation>服务器数据库中有演示数据无法保留的记录：{tables}。</translation>
    </message>
    <message>
        <location filename="../../models/demo/server.py" line="98" />
        <source>The demo data copied to {where} did not pass the checks: {problems}</source>
        <translation>复制到 {where} 的演示数据未通过检查：{problems}</translation>
    </message>
    <message>
        <location filename="../../models/follow_ups.py" line="93" />
        <source>Write what came of it (what the customer said, what was done).</source>
        <translation>请写明结果（顾客怎么说、做了什么）。</translation>
    </message>
    <message>
        <location filename="../../models/follow_ups.py" line="97" />
        <source>Write at most {limit} characters.</source>
        <translation>最多 {limit} 个字。</translation>
    </message>
    <message>
        <location filename="../../models/follow_ups.py" line="103" />
        <source>This follow-up no longer exists.</source>
        <translation>该后续事项已不存在。</translation>
    </message>
    <message>
        <location filename="../../models/follow_ups.py" line="107" />
        <source>{name} marked this follow-up done at {time} already.</source>
        <translation>{name}已于 {time} 将该事项标记为完成。</translation>
    </message>
    <message>
        <location filename="../../models/demo/__init__.py" line="136" />
        <source>{where} holds real cases: demo data would be mixed into them for good (cases sealed in the archive are never deleted). Load demo data into a new database file.</source>
        <translation>{where} 中已有真实投诉：演示数据一旦写入便无法再与之区分（已封存归档的投诉不会被删除）。请把演示数据载入一个新的数据库文件。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/common.py" line="48" />
        <source>No password was given for {username}: type it, or pipe it as the first line of standard input.</source>
        <translation>没有提供 {username} 的密码：请输入密码，或通过管道把它作为标准输入的第一行传入。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/common.py" line="111" />
        <source>{path} exists: give another name, or --replace to write over it.</source>
        <translation>{path} 已存在：请换一个文件名，或加上 --replace 覆盖它。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/common.py" line="131" />
        <source>{folder} is a file, not a folder for the PDF files.</source>
        <translation>{folder} 是文件，不是存放 PDF 文件的文件夹。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/common.py" line="147" />
        <source>The PDF files cannot be written into {folder}: {reason}.</source>
        <translation>无法把 PDF 文件写入 {folder}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="139" />
        <location filename="../../ui/commands/summary.py" line="63" />
        <source>--from {start} is after --to {end}.</source>
        <translation>--from {start} 晚于 --to {end}。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="149" />
        <source>{given} is not a state; give {open} or one of {known}.</source>
        <translation>{given} 不是状态；请给出 {open}，或以下之一：{known}。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="288" />
        <source>There is no account {username}.</source>
        <translation>没有用户名为 {username} 的账户。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="80" />
        <source>print --list takes no archive numbers, --out or --printer.</source>
        <translation>print --list 不能与归档编号、--out 或 --printer 同用。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="85" />
        <source>Name the archive numbers to print (print --list --user NAME shows the latest).</source>
        <translation>请给出要打印的归档编号（print --list --user NAME 可列出最近的编号）。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/print_forms.py" line="91" />
        <source>--printer names no printer: give an installed printer's name, or --out for PDF files.</source>
        <translation>--printer 没有给出打印机：请填写已安装打印机的名称，或用 --out 输出 PDF 文件。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/restore.py" line="51" />
        <source>The folder {folder} for the database as it is now does not exist.</source>
        <translation>用于另存当前数据库的文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location filename="../../models/catalog.py" line="241" />
        <source>{given} is not a category's code or name; give one of {known}.</source>
        <translation>{given} 不是分类代码或名称；请从以下代码中选择：{known}。</translation>
    </message>
    <message>
        <location filename="../../models/catalog.py" line="242" />
        <source>{given} is not a department's code or name; give one of {known}.</source>
        <translation>{given} 不是部门代码或名称；请从以下代码中选择：{known}。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/summary.py" line="1282" />
        <source>No complaint is recorded yet: there is nothing to sum up.</source>
        <translation>尚未记录任何投诉，没有可总结的内容。</translation>
    </message>
    <message>
        <location filename="../../models/analysis/summary.py" line="1285" />
        <source>The records begin on {first}, after this period: choose a period from then on.</source>
        <translation>投诉记录始于 {first}，晚于所选期间：请选择此后的期间。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/hotspots.py" line="42" />
        <source>--at {day} is after today: its complaints are not in yet.</source>
        <translation>--at {day} 晚于今天：该日的投诉尚未受理。</translation>
    </message>
    <message>
        <location filename="../../ui/commands/summary.py" line="60" />
        <source>Save the summary as a file ending in .pdf or .docx; {name} is neither.</source>
        <translation>请将工作总结保存为以 .pdf 或 .docx 结尾的文件；{name} 不是。</translation>
    </message>
</context>
<context>
    <name>DoneDialog</name>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="403" />
        <source>Mark %1 done</source>
        <translation>将 %1 标记为已完成</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="404" />
        <source>What was done? The effect is measured from tomorrow on.</source>
        <translation>做了哪些整改？整改效果从明天起统计。</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../../ui/intake/done_page.py" line="50" />
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../ui/intake/done_page.py" line="50" />
        <source>The record is sealed into the office archive.</source>
        <translation>记录已封存归档。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/done_page.py" line="51" />
        <source>&amp;Print the complaint form…</source>
        <translation>打印投诉处理记录表(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/done_page.py" line="52" />
        <source>New co&amp;mplaint</source>
        <translation>受理新投诉(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/done_page.py" line="53" />
        <source>The office prints archived complaint forms from the archive.</source>
        <translation>归档记录表由办公室打印。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/done_page.py" line="60" />
        <source>✓ Complaint %1 is closed.</source>
        <translation>✓ 投诉 %1 已结案。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/done_page.py" line="61" />
        <source>Archive number: %1</source>
        <translation>归档编号：%1</translation>
    </message>
</context>
<context>
    <name>Durations</name>
    <message>
        <location filename="../../ui/i18n.py" line="209" />
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="211" />
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="213" />
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="215" />
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="216" />
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
</context>
<context>
    <name>Effect</name>
    <message>
        <location filename="../../models/control/effect.py" line="101" />
        <source>{before} complaint in the {days} days before ({before_first} to {before_last}); {after} so far in the {elapsed} of {days} days after; judged on {judged_on}.</source>
        <translation>整改前 {days} 天（{before_first} 至 {before_last}）投诉 {before} 件；整改后 {days} 天已过 {elapsed} 天，投诉 {after} 件；{judged_on} 判定。</translation>
    </message>
    <message>
        <location filename="../../models/control/effect.py" line="107" />
        <source>{before} complaints in the {days} days before ({before_first} to {before_last}); {after} so far in the {elapsed} of {days} days after; judged on {judged_on}.</source>
        <translation>整改前 {days} 天（{before_first} 至 {before_last}）投诉 {before} 件；整改后 {days} 天已过 {elapsed} 天，投诉 {after} 件；{judged_on} 判定。</translation>
    </message>
    <message>
        <location filename="../../models/control/effect.py" line="116" />
        <source>{before} complaint in the {days} days before ({before_first} to {before_last}), {after} in the {days} days after ({after_first} to {after_last}); at the same volume {expected} were to be expected ({chance}); usually {usual}, unusual above {threshold}.</source>
        <translation>整改前 {days} 天（{before_first} 至 {before_last}）投诉 {before} 件，整改后 {days} 天（{after_first} 至 {after_last}）{after} 件；按同等投诉总量应有 {expected} 件（{chance}）；常态 {usual} 件，超过 {threshold} 件即属异常。</translation>
    </message>
    <message>
        <location filename="../../models/control/effect.py" line="123" />
        <source>{before} complaints in the {days} days before ({before_first} to {before_last}), {after} in the {days} days after ({after_first} to {after_last}); at the same volume {expected} were to be expected ({chance}); usually {usual}, unusual above {threshold}.</source>
        <translation>整改前 {days} 天（{before_first} 至 {before_last}）投诉 {before} 件，整改后 {days} 天（{after_first} 至 {after_last}）{after} 件；按同等投诉总量应有 {expected} 件（{chance}）；常态 {usual} 件，超过 {threshold} 件即属异常。</translation>
    </message>
    <message>
        <location filename="../../models/control/effect.py" line="136" />
        <source>no fall</source>
        <translation>未见下降</translation>
    </message>
    <message>
        <location filename="../../models/control/effect.py" line="138" />
        <source>a fall this large happens by chance less than 1 time in 1,000</source>
        <translation>偶然出现这么大降幅的机会不到千分之一</translation>
    </message>
    <message>
        <location filename="../../models/control/effect.py" line="140" />
        <source>a fall this small often happens by chance</source>
        <translation>这么小的降幅偶然也常出现</translation>
    </message>
    <message>
        <location filename="../../models/control/effect.py" line="141" />
        <source>a fall this large happens by chance about 1 time in {odds}</source>
        <translation>偶然出现这么大降幅的概率约为 1/{odds}</translation>
    </message>
    <message>
        <location filename="../../models/control/effect.py" line="149" />
        <source>Not yet judged: the window after the action is not over.</source>
        <translation>尚待观察：整改后的观察期未满。</translation>
    </message>
    <message>
        <location filename="../../models/control/effect.py" line="150" />
        <source>Effective: fewer complaints beyond chance, and back to usual.</source>
        <translation>有效：投诉显著减少，已回到常态。</translation>
    </message>
    <message>
        <location filename="../../models/control/effect.py" line="151" />
        <source>Not effective: still unusual, or no fewer than before.</source>
        <translation>无效：投诉仍属异常，或并未减少。</translation>
    </message>
    <message>
        <location filename="../../models/control/effect.py" line="152" />
        <source>Unclear: fewer complaints, but not beyond chance.</source>
        <translation>不明显：投诉有所减少，但不超出偶然波动。</translation>
    </message>
</context>
<context>
    <name>EscalationsPage</name>
    <message>
        <location filename="../../ui/office/escalations.py" line="159" />
        <source>Escalated cases</source>
        <translation>上报投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="162" />
        <source>Waiting for the office</source>
        <translation>等待办公室处理</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="163" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="164" />
        <source>Hand-off note</source>
        <translation>上报说明</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="165" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="166" />
        <source>Proposed (yuan)</source>
        <translation>拟定方案金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="167" />
        <source>Since</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="170" />
        <source>A&amp;pprove the proposal</source>
        <translation>批准方案(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="171" />
        <source>Chan&amp;ge the remedy</source>
        <translation>调整补偿方式(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="172" />
        <source>&amp;Take the case over</source>
        <translation>由办公室接管(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="173" />
        <source>Decision &amp;note for the desk:</source>
        <translation>给受理台的决定说明(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="174" />
        <source>Why, and what the desk should tell the customer</source>
        <translation>决定的理由，以及受理台应如何告知顾客</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="175" />
        <source>&amp;Record decision</source>
        <translation>记录决定(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="176" />
        <source>&amp;Open the case…</source>
        <translation>打开此投诉(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="196" />
        <source>%1 · taken over by %2</source>
        <translation>%1 · 已由%2接管</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="252" />
        <source>No case is waiting for the office.</source>
        <translation>目前没有等待办公室处理的投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="261" />
        <source>Hand-off note from the desk: %1</source>
        <translation>受理台上报说明：%1</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="274" />
        <source>The desk sent complaint %1 again with a new request: the form is set out for it.</source>
        <translation>受理台又上报了投诉 %1，提出了新的请求：表单已按新请求重新列出。</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="319" />
        <source>At %1, %2 decided complaint %3 meanwhile: %4.</source>
        <translation>%2已于 %1 对投诉 %3 作出决定：%4。</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="324" />
        <source>At %1, %2 ended complaint %3: %4.</source>
        <translation>%2已于 %1 结束投诉 %3：%4。</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="329" />
        <source>Complaint %1 no longer waits for the office: it is '%2' now.</source>
        <translation>投诉 %1 已不再等待办公室决定：当前状态为“%2”。</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="333" />
        <source>The decision typed here was not recorded; what you typed stays below to copy. Choose a case in the list to go on.</source>
        <translation>此处填写的决定未记录；填写的内容保留在下方，可复制。请在列表中选择一件投诉继续。</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="346" />
        <source>%1: %2 yuan</source>
        <translation>%1：%2 元</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="348" />
        <source>The desk proposed no remedy.</source>
        <translation>值班经理未提出补偿项目。</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="349" />
        <source>Approving grants the desk's proposal, %1 yuan in all:</source>
        <translation>批准即同意值班经理的方案，合计 %1 元：</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="361" />
        <source>Total: %1 yuan</source>
        <translation>合计：%1 元</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="380" />
        <source>Decision recorded for %1: %2. The case is yours now: go on with it from your open cases.</source>
        <translation>已记录对 %1 的决定：%2。此投诉现由您处理：请在“未结投诉”中继续办理。</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="382" />
        <source>Decision recorded for %1: %2. %3 took the case over: it goes on from their open cases.</source>
        <translation>已记录对 %1 的决定：%2。此投诉已由%3接管：在其“未结投诉”中继续办理。</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="384" />
        <source>Decision recorded for %1: %2. The desk sees it in its open cases, to tell the customer.</source>
        <translation>已记录对 %1 的决定：%2。受理台会在未结投诉中看到，并告知顾客。</translation>
    </message>
    <message>
        <location filename="../../ui/office/escalations.py" line="388" />
        <source>It grants %1 in all.</source>
        <translation>合计给予 %1。</translation>
    </message>
</context>
<context>
    <name>EscalationsWaiting</name>
    <message>
        <location filename="../../ui/overview.py" line="369" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="370" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="371" />
        <source>Proposed (yuan)</source>
        <translation>拟定方案金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="372" />
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="368" />
        <source>Waiting for the office</source>
        <translation>等待办公室处理</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="384" />
        <source>Escalations waiting for a decision: %1</source>
        <translation>等待办公室决定的上报投诉：%1</translation>
    </message>
</context>
<context>
    <name>EvidenceList</name>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="71" />
        <source>Attach evidence</source>
        <translation>添加证据</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="73" />
        <source>Photos and documents (*.jpg *.jpeg *.png *.heic *.pdf);;All files (*)</source>
        <translation>照片和文档 (*.jpg *.jpeg *.png *.heic *.pdf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="85" />
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../ui/export_dialog.py" line="46" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="47" />
        <source>CSV, UTF-8 (*.csv)</source>
        <translation>CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="50" />
        <location filename="../../ui/export_dialog.py" line="71" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="72" />
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="73" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="85" />
        <source>Rows exported: %1.</source>
        <translation>已导出 %1 行。</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="91" />
        <source>The export was cancelled; no file was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
</context>
<context>
    <name>ExternalCaseDialog</name>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="83" />
        <source>%1 (retired)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="183" />
        <location filename="../../ui/office/external_dialogs.py" line="186" />
        <source>Discard what you typed?</source>
        <translation>放弃刚填写的内容？</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="184" />
        <source>The external case is not changed, and what you typed will be lost.</source>
        <translation>外部投诉不会被修改，您填写的内容将丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="187" />
        <source>The external case is not recorded, and what you typed will be lost.</source>
        <translation>外部投诉不会被登记，您填写的内容将丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="215" />
        <source>Correct the external case</source>
        <translation>修改外部投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="215" />
        <source>Record an external case</source>
        <translation>登记外部投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="217" />
        <source>&amp;Where it went:</source>
        <translation>投诉渠道(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="218" />
        <source>External &amp;reference:</source>
        <translation>外部编号(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="219" />
        <source>Reached us &amp;on:</source>
        <translation>收到日期(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="220" />
        <source>The outside body set the reply's date:</source>
        <translation>外部机构指定了答复期限：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="221" />
        <source>Reply &amp;by:</source>
        <translation>答复期限(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="222" />
        <source>What is &amp;asked:</source>
        <translation>诉求(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="227" />
        <source>Customer:</source>
        <translation>顾客姓名：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="228" />
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="229" />
        <source>Category:</source>
        <translation>分类：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="230" />
        <source>Severity:</source>
        <translation>严重程度：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="231" />
        <source>The complaint:</source>
        <translation>投诉内容：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="235" />
        <source>The outside body's case number, e.g. 12315 work order</source>
        <translation>外部机构的案件编号，例如 12315 工单号</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="236" />
        <source>What the outside body or the customer asks the company to do</source>
        <translation>外部机构或顾客要求公司办理的事项</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="237" />
        <source>The original &amp;complaint:</source>
        <translation>原投诉(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="238" />
        <source>The customer went &amp;straight outside: create the complaint from this case</source>
        <translation>顾客直接向外部投诉：根据此外部投诉新建投诉(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="239" />
        <source>Archive number, #id, the customer's phone or name</source>
        <translation>归档编号、#序号、顾客电话或姓名</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="240" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="240" />
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="240" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="240" />
        <source>Complaint</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="242" />
        <source>What the customer complained about, as the outside body passed it on</source>
        <translation>外部机构转来的顾客投诉内容</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="245" />
        <source>Linked to complaint %1.</source>
        <translation>已关联投诉 %1。</translation>
    </message>
</context>
<context>
    <name>ExternalCasesPage</name>
    <message>
        <location filename="../../ui/office/external_cases.py" line="186" />
        <source>External cases</source>
        <translation>外部投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="188" />
        <source>Open</source>
        <translation>未结案</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="189" />
        <source>Awaiting our reply</source>
        <translation>待我方答复</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="190" />
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="191" />
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="192" />
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="195" />
        <source>Reference, customer, phone or number</source>
        <translation>外部编号、顾客、电话或投诉编号</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="196" />
        <source>&amp;Record an external case…</source>
        <translation>登记外部投诉(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="199" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="200" />
        <location filename="../../ui/office/external_cases.py" line="338" />
        <source>Channel</source>
        <translation>投诉渠道</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="201" />
        <location filename="../../ui/office/external_cases.py" line="339" />
        <source>Reference</source>
        <translation>外部编号</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="202" />
        <location filename="../../ui/office/external_cases.py" line="342" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="203" />
        <location filename="../../ui/office/external_cases.py" line="340" />
        <source>Received</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="204" />
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="206" />
        <location filename="../../ui/office/external_cases.py" line="361" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="209" />
        <source>&amp;Correct…</source>
        <translation>修改(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="210" />
        <source>&amp;Start replying</source>
        <translation>开始答复(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="211" />
        <source>Record the re&amp;ply…</source>
        <translation>登记答复(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="212" />
        <source>C&amp;lose…</source>
        <translation>结案(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="213" />
        <source>&amp;Attach a file…</source>
        <translation>添加附件(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="214" />
        <source>Open the &amp;original complaint</source>
        <translation>打开原投诉(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="215" />
        <source>Pre&amp;view the form…</source>
        <translation>预览记录表(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="223" />
        <source>Every channel</source>
        <translation>全部渠道</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/external_cases.py" line="248" />
        <source>%n external case(s) listed.</source>
        <translation>
            <numerusform>共列出 %n 件外部投诉。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/external_cases.py" line="249" />
        <source>%n overdue.</source>
        <translation>
            <numerusform>其中 %n 件已超期。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="205" />
        <source>Working days left</source>
        <translation>剩余工作日</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="258" />
        <source>overdue by %1</source>
        <translation>已超期 %1</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="265" />
        <source>Replied</source>
        <translation>已答复</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="294" />
        <source>* The holidays of a year on the way are not known yet: this day was counted Monday to Friday and may move once the State Council's notice is out.</source>
        <translation>* 该年度的节假日安排尚未公布：此日期暂按周一至周五推算，国务院通知发布后可能调整。</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="320" />
        <source>No external case is listed.</source>
        <translation>没有列出外部投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="333" />
        <source>%1 (set by the outside body)</source>
        <translation>%1（外部机构指定）</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="335" />
        <location filename="../../ui/office/external_cases.py" line="347" />
        <source>%1 (%2 working days)</source>
        <translation>%1（%2 个工作日）</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="341" />
        <source>Original complaint</source>
        <translation>原投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="348" />
        <source>Acceptance decided by</source>
        <translation>受理决定期限</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="349" />
        <source>Reply due</source>
        <translation>答复期限</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/external_cases.py" line="352" />
        <source>Overdue by %n working day(s)</source>
        <translation>
            <numerusform>已超期 %n 个工作日</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/external_cases.py" line="355" />
        <source>%n working day(s) left, to %1</source>
        <translation>
            <numerusform>还剩 %n 个工作日，至 %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="359" />
        <source>Until the reply is due</source>
        <translation>距答复期限</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="359" />
        <source>Until acceptance is decided</source>
        <translation>距受理决定期限</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="363" />
        <source>Archive number</source>
        <translation>归档编号</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="365" />
        <source>Outcome</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="368" />
        <source>What is asked</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="369" />
        <source>Reply</source>
        <translation>答复</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="370" />
        <source>Closing note</source>
        <translation>结案说明</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="379" />
        <source>Files</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="386" />
        <source>History</source>
        <translation>处理经过</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="467" />
        <source>External case sealed into the archive as %1.</source>
        <translation>外部投诉已封存归档，归档编号 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_cases.py" line="473" />
        <source>Add a file to the external case</source>
        <translation>为外部投诉添加附件</translation>
    </message>
</context>
<context>
    <name>ExternalChannelsTab</name>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="90" />
        <source>Name (Chinese):</source>
        <translation>中文名称：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="91" />
        <source>Name (English):</source>
        <translation>英文名称：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="92" />
        <source>Working days to the acceptance decision:</source>
        <translation>受理决定期限（工作日）：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="93" />
        <source>Working days to reply:</source>
        <translation>答复期限（工作日）：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="94" />
        <source>Remind this many working days before:</source>
        <translation>提前提醒（工作日）：</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="98" />
        <source>no such step</source>
        <translation>无此环节</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="101" />
        <source>Counted from the day the case reaches the office, on Chinese working days. The market regulator decides on acceptance within 7 and mediates within 45; the 12315 platform asks for 10; a 12345 hotline between 3 and 15, as the city sets it. A changed number applies to cases recorded from now on.</source>
        <translation>自外部投诉到达办公室之日起，按国家法定工作日计算。市场监督管理部门在 7 个工作日内作出是否受理的决定，45 个工作日内终结调解；全国12315平台要求 10 个工作日；12345热线为 3 至 15 个工作日，以当地规定为准。修改后的天数只适用于此后登记的外部投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="107" />
        <source>Channel</source>
        <translation>投诉渠道</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="107" />
        <source>Reply</source>
        <translation>答复</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="107" />
        <source>Acceptance</source>
        <translation>受理决定</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="108" />
        <source>&amp;New channel</source>
        <translation>新增渠道(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="109" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="128" />
        <source>%1 (retired)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="118" />
        <source>&amp;Retire</source>
        <translation>停用(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_channels_tab.py" line="118" />
        <source>&amp;Bring back</source>
        <translation>恢复使用(&amp;B)</translation>
    </message>
</context>
<context>
    <name>ExternalLabels</name>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="202" />
        <source>Received</source>
        <translation>已收到</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="203" />
        <source>Replying</source>
        <translation>答复中</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="204" />
        <source>Replied, awaiting the outcome</source>
        <translation>已答复，待结果</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="205" />
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="209" />
        <source>Resolved (agreement or mediation)</source>
        <translation>已和解/调解成功</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="212" />
        <source>Explained; accepted by the outside body</source>
        <translation>已说明，外部机构认可</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="215" />
        <source>Not taken up by the outside body</source>
        <translation>外部机构不予受理</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="217" />
        <source>Withdrawn by the customer</source>
        <translation>顾客撤回</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="218" />
        <source>Mediation failed or ended</source>
        <translation>调解不成/终止调解</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="219" />
        <source>Judgment or ruling</source>
        <translation>已判决/裁定</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="220" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>ExternalReminders</name>
    <message>
        <location filename="../../ui/overview.py" line="428" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="428" />
        <source>Channel</source>
        <translation>投诉渠道</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="428" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="428" />
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="429" />
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/overview.py" line="437" />
        <source>External cases overdue: %n</source>
        <translation>
            <numerusform>已超期的外部投诉：%n 件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="439" />
        <source>External cases overdue: %1; due soon: %2</source>
        <translation>外部投诉：已超期 %1 件，即将到期 %2 件</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/overview.py" line="442" />
        <source>External cases due soon: %n</source>
        <translation>
            <numerusform>即将到期的外部投诉：%n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/overview.py" line="448" />
        <source>overdue by %n working day(s)</source>
        <translation>
            <numerusform>已超期 %n 个工作日</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/overview.py" line="452" />
        <source>%n working day(s) left</source>
        <translation>
            <numerusform>还剩 %n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="450" />
        <source>due today</source>
        <translation>今天到期</translation>
    </message>
</context>
<context>
    <name>FirstContact</name>
    <message>
        <location filename="../../ui/first_contact.py" line="30" />
        <source>No installed font can show Chinese: every Chinese character will be an empty box. Install one and start Complaint Desk again: on Debian or Ubuntu, `sudo apt-get install fonts-wqy-microhei` (or fonts-noto-cjk); on Windows, Microsoft YaHei or SimSun (Settings → Apps → Optional features → Chinese (Simplified) Supplemental Fonts).</source>
        <translation>没有已安装的字体能显示中文：所有汉字都会显示为空框。请安装一种中文字体后重新启动投诉受理台：Debian 或 Ubuntu 上运行 `sudo apt-get install fonts-wqy-microhei`（或 fonts-noto-cjk）；Windows 上安装微软雅黑或宋体（设置 → 应用 → 可选功能 → 中文(简体)补充字体）。</translation>
    </message>
    <message>
        <location filename="../../ui/first_contact.py" line="39" />
        <source>main.py: the desk needs a display (neither DISPLAY nor WAYLAND_DISPLAY is set); the commands (main.py --help) work without one, and QT_QPA_PLATFORM=offscreen runs the desk with no screen.</source>
        <translation>main.py：受理台需要显示器（DISPLAY 和 WAYLAND_DISPLAY 都没有设置）；各命令（main.py --help）不需要显示器，设置 QT_QPA_PLATFORM=offscreen 可在没有屏幕时运行受理台。</translation>
    </message>
    <message>
        <location filename="../../ui/first_contact.py" line="138" />
        <source>Complaint Desk</source>
        <translation>投诉受理台</translation>
    </message>
</context>
<context>
    <name>FollowUpDoneDialog</name>
    <message>
        <location filename="../../ui/follow_ups.py" line="134" />
        <source>Mark the follow-up of %1 done</source>
        <translation>将 %1 的回访或承诺事项标记为完成</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="137" />
        <source>%1 · %2 · due %3: %4</source>
        <translation>%1 · %2 · 应于 %3：%4</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="140" />
        <source>no time set</source>
        <translation>未定时间</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="153" />
        <source>Call: %1</source>
        <translation>致电：%1</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="157" />
        <source>e.g. called back: the customer is satisfied with the remedy; or: the fruit plate was delivered</source>
        <translation>例如：已电话回访，顾客对处理结果满意；或：果盘已送到房间</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="162" />
        <source>Mark &amp;done</source>
        <translation>标记完成(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="164" />
        <source>&amp;What came of it:</source>
        <translation>结果(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="179" />
        <source>Discard what came of it?</source>
        <translation>放弃填写的处理结果？</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="180" />
        <source>The follow-up is not marked done, and what you typed will be lost.</source>
        <translation>该事项不会标记为完成，您填写的内容将丢失。</translation>
    </message>
</context>
<context>
    <name>FollowUpsDue</name>
    <message>
        <location filename="../../ui/follow_ups.py" line="74" />
        <source>Due</source>
        <translation>应办时间</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="74" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="74" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="74" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="74" />
        <source>What is owed</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="76" />
        <source>Mar&amp;k done…</source>
        <translation>标记完成(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="93" />
        <source>Call-backs and promises due: %1</source>
        <translation>待回访与待兑现的承诺：%1</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="97" />
        <source>no time set</source>
        <translation>未定时间</translation>
    </message>
    <message>
        <location filename="../../ui/follow_ups.py" line="104" />
        <source>Past its time</source>
        <translation>已超时</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <location filename="../../ui/format.py" line="25" />
        <source>%1 yuan</source>
        <translation>%1 元</translation>
    </message>
</context>
<context>
    <name>Hotspot</name>
    <message>
        <location filename="../../models/control/hotspots.py" line="188" />
        <source>complaints about {name}</source>
        <translation>{name}类投诉</translation>
    </message>
    <message>
        <location filename="../../models/control/hotspots.py" line="189" />
        <source>complaints at {name}</source>
        <translation>{name}的投诉</translation>
    </message>
    <message>
        <location filename="../../models/control/hotspots.py" line="190" />
        <source>complaints for {name}</source>
        <translation>{name}的投诉</translation>
    </message>
    <message>
        <location filename="../../models/control/hotspots.py" line="191" />
        <source>complaints involving {name}</source>
        <translation>涉及{name}的投诉</translation>
    </message>
    <message>
        <location filename="../../models/control/hotspots.py" line="192" />
        <source>{name} at {scope}</source>
        <translation>{scope}{name}类投诉</translation>
    </message>
    <message>
        <location filename="../../models/control/hotspots.py" line="193" />
        <source>“{name}” in {scope}</source>
        <translation>{scope}类中涉及“{name}”的投诉</translation>
    </message>
    <message>
        <location filename="../../models/control/hotspots.py" line="194" />
        <source>“{name}” at {scope}</source>
        <translation>{scope}涉及“{name}”的投诉</translation>
    </message>
    <message>
        <location filename="../../models/control/hotspots.py" line="242" />
        <source>on {day}</source>
        <translation>{day}当天</translation>
    </message>
    <message>
        <location filename="../../models/control/hotspots.py" line="244" />
        <source>in the {days} days to {day}</source>
        <translation>截至 {day} 的 {days} 天内</translation>
    </message>
    <message>
        <location filename="../../models/control/hotspots.py" line="289" />
        <source>{group}: {count} complaints {window}; usually {expected}, unusual above {threshold}</source>
        <translation>{group}：{window}共 {count} 件；通常约 {expected} 件，超过 {threshold} 件即属异常</translation>
    </message>
    <message>
        <location filename="../../models/control/hotspots.py" line="314" />
        <source>Complaint no. {count} {window} {group}: a hot-spot; the office is told.</source>
        <translation>{group}{window}已有 {count} 件（含本投诉），已成为热点投诉，已通知办公室。</translation>
    </message>
</context>
<context>
    <name>HotspotsPage</name>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="149" />
        <source>Hot-spots</source>
        <translation>热点投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="150" />
        <source>As at the end of:</source>
        <translation>截至：</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="151" />
        <source>&amp;Today</source>
        <translation>今天(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="152" />
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="152" />
        <source>Hot-spot</source>
        <translation>热点投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="152" />
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="152" />
        <source>Action</source>
        <translation>整改</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="153" />
        <source>Its complaints in the &amp;register</source>
        <translation>在投诉台账中查看(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="160" />
        <source>Finding hot-spots…</source>
        <translation>正在检测热点投诉…</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="183" />
        <source>at least %1</source>
        <translation>至少自 %1</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="184" />
        <source>none yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="189" />
        <source>%1 complaints %2</source>
        <translation>%2 %1 件</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="190" />
        <source> · new from the desk: %1</source>
        <translation> · 受理台新报 %1 起</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/hotspots_page.py" line="205" />
        <source>%n active hot-spot(s) as at the end of %1</source>
        <translation>
            <numerusform>截至 %1 共有 %n 个热点投诉</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="242" />
        <source>No hot-spot: every group of complaints is at its usual level.</source>
        <translation>没有热点投诉：各类投诉均处于常态。</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="246" />
        <location filename="../../ui/office/hotspots_page.py" line="252" />
        <source>Improvement &amp;action…</source>
        <translation>整改措施(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="250" />
        <source>Open &amp;action %1</source>
        <translation>查看整改措施 %1(&amp;A)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/hotspots_page.py" line="259" />
        <source>The %n comparable window(s) before and this one, oldest first: %1. Dashed: where unusual begins.</source>
        <translation>
            <numerusform>此前 %n 个同期与本期，由远及近：%1。虚线：异常起点。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="276" />
        <source>Unusual since %1</source>
        <translation>自 %1 起异常</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="278" />
        <source>Unusual since at least %1</source>
        <translation>至少自 %1 起异常</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="284" />
        <source>Rose with it:</source>
        <translation>同时上升：</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="292" />
        <source>Told by the desk:</source>
        <translation>受理台通报：</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="296" />
        <source>Improvement action:</source>
        <translation>整改措施：</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="304" />
        <source>Reading its complaints…</source>
        <translation>正在读取相关投诉…</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="307" />
        <source>Its complaints: %1</source>
        <translation>相关投诉：%1 件</translation>
    </message>
    <message>
        <location filename="../../ui/office/hotspots_page.py" line="313" />
        <source> and %1 more</source>
        <translation> 等，另有 %1 件</translation>
    </message>
</context>
<context>
    <name>ImprovementLabels</name>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="224" />
        <source>Open</source>
        <translation>待整改</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="225" />
        <source>In progress</source>
        <translation>整改中</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="226" />
        <source>Done, effect to verify</source>
        <translation>已完成待验证</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="227" />
        <source>Verified effective</source>
        <translation>验证有效</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="228" />
        <source>Verified not effective</source>
        <translation>验证无效</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="231" />
        <source>Hot-spot</source>
        <translation>热点投诉</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="232" />
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="233" />
        <source>Desk's suggestion</source>
        <translation>值班经理建议</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="236" />
        <source>Not yet judged</source>
        <translation>尚待观察</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="237" />
        <source>Effective</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="238" />
        <source>Not effective</source>
        <translation>无效</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="239" />
        <source>Unclear</source>
        <translation>不明显</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="242" />
        <source>Created</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="243" />
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="244" />
        <source>Complaints linked</source>
        <translation>关联投诉</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="245" />
        <source>Complaint unlinked</source>
        <translation>取消关联投诉</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="246" />
        <source>Started</source>
        <translation>开始整改</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="247" />
        <source>Done</source>
        <translation>整改完成</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="248" />
        <source>Effect verified</source>
        <translation>效果验证</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="249" />
        <source>Reopened</source>
        <translation>重新整改</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="251" />
        <source>Desk's suggestion taken in</source>
        <translation>纳入值班经理建议</translation>
    </message>
</context>
<context>
    <name>IntakeWizard</name>
    <message>
        <location filename="../../ui/intake/wizard.py" line="244" />
        <source>Complaint%1</source>
        <translation>投诉%1</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="244" />
        <source>New complaint</source>
        <translation>新投诉</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="245" />
        <source>C&amp;ustomer withdraws…</source>
        <translation>顾客撤回投诉(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="247" />
        <source>Continu&amp;e later</source>
        <translation>稍后继续(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="247" />
        <source>Discard…</source>
        <translation>放弃…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="249" />
        <source>&amp;Close the complaint</source>
        <translation>结案(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="250" />
        <source>Back to &amp;open cases</source>
        <translation>返回未结投诉(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="251" />
        <source>&lt; &amp;Back</source>
        <translation>上一步(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="252" />
        <source>&lt; Earlier ste&amp;ps</source>
        <translation>前面的步骤(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="253" />
        <source>Step 1 and the steps after it as saved: to give the customer a new reply time or put the complaint right, then Next through them again.</source>
        <translation>回到第 1 步及其后各步（按已保存的内容）：可给顾客新的答复时间或更正投诉内容，然后依次点“下一步”重新保存。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="264" />
        <source>Discard this complaint?</source>
        <translation>放弃这件投诉？</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="265" />
        <source>Nothing of this complaint is saved yet: what you typed will be lost. To keep it, go on with Next (the first step is saved then); after that you can continue it later.</source>
        <translation>这件投诉还没有保存，已填写的内容将丢失。如需保留，请点“下一步”（第一步随即保存），之后可以稍后继续。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="270" />
        <source>The office was told of this customer: its alert stays on the office's risk list, with what the customer said.</source>
        <translation>已就这位顾客通知办公室：这条提醒连同顾客所说的话会留在办公室的越级风险列表上。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="276" />
        <location filename="../../ui/intake/wizard.py" line="486" />
        <source>Discard what you typed?</source>
        <translation>放弃刚填写的内容？</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="277" />
        <source>What you typed on this step is not saved yet and will be lost; the complaint itself waits in the open cases as saved. To keep it, save the step with Next first.</source>
        <translation>本步骤刚填写的内容还没有保存，将会丢失；投诉本身按已保存的内容留在未结投诉中。如需保留，请先点“下一步”保存本步骤。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="282" />
        <source>What you typed on this step is not saved yet and will be lost; the complaint itself waits in the open cases as saved before this step.</source>
        <translation>本步骤刚填写的内容还没有保存，将会丢失；投诉本身按本步骤之前已保存的内容留在未结投诉中。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="285" />
        <source>What you typed on this step was not saved and will be lost: the complaint was closed or withdrawn at another desk meanwhile. Tell the office anything promised to the customer here.</source>
        <translation>本步骤填写的内容没有保存，将会丢失：此投诉已在另一个受理台结案或撤回。本页上向顾客承诺的事项，请告知办公室。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="299" />
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="444" />
        <source>Complaint %1 is closed (archive number %2).</source>
        <translation>投诉 %1 已结案（归档编号 %2）。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="449" />
        <source>Complaint %1 was handed to the office.</source>
        <translation>投诉 %1 已上报办公室。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="487" />
        <source>What you typed on this step is not saved yet and will be lost. To keep it, save the step with Next first.</source>
        <translation>本步骤中输入的内容尚未保存，将会丢失。如需保留，请先点“下一步”保存本步骤。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="516" />
        <source>Complaint %1 was withdrawn (archive number %2).</source>
        <translation>投诉 %1 已撤回（归档编号 %2）。</translation>
    </message>
</context>
<context>
    <name>InvestigatePage</name>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="36" />
        <source>None: the company did nothing wrong</source>
        <translation>无责任：公司没有过错</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="37" />
        <source>Misunderstanding of the company's rules</source>
        <translation>误解：顾客不了解公司规定</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="38" />
        <source>Partial: shared or minor fault</source>
        <translation>部分责任：共同或轻微过错</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="39" />
        <source>Full: the company is at fault</source>
        <translation>全部责任：公司有过错</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="135" />
        <source>Investigate</source>
        <translation>调查核实</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="137" />
        <source>Tell the customer you will look into it and when you will be back. Check carefully; never brush them off.</source>
        <translation>告诉顾客需要调查以及大致等候时间。认真核实，不推脱、不搪塞。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="142" />
        <source>What the investigation &amp;found:</source>
        <translation>调查结果(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="143" />
        <source>Responsible &amp;department:</source>
        <translation>责任部门(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="144" />
        <source>&amp;Staff involved:</source>
        <translation>当事员工(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="145" />
        <source>Company's &amp;liability:</source>
        <translation>责任认定(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="146" />
        <source>Evidence:</source>
        <translation>证据：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="147" />
        <source>Outside our scope:</source>
        <translation>不属本店处理：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="150" />
        <source>What happened, who was asked, what was seen, receipts checked</source>
        <translation>经过、询问了谁、现场所见、核对的单据</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="151" />
        <source>Choose a department</source>
        <translation>选择部门</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="152" />
        <source>Names or roles, e.g. Xiao Li, waiter</source>
        <translation>姓名或岗位，例如：服务员小李</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="153" />
        <source>Choose</source>
        <translation>请选择</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="157" />
        <source>Attach &amp;photo or receipt…</source>
        <translation>添加照片或单据(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="158" />
        <source>Where to send the customer…</source>
        <translation>引导顾客去哪里…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="160" />
        <source>For a matter the company cannot settle: the referral guide says who can (police, 120, 12315…)</source>
        <translation>本店无法处理的事项：外部转介指引告诉您该找谁（110、120、12315……）</translation>
    </message>
    <message>
        <location filename="../../ui/intake/investigate_page.py" line="210" />
        <source>Explain tactfully, without blaming the customer:</source>
        <translation>婉转解释，不要指责顾客：</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="255" />
        <source>Duty manager</source>
        <translation>值班经理</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="256" />
        <source>Office</source>
        <translation>办公室</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="257" />
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="56" />
        <source>Received</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="57" />
        <source>Investigating</source>
        <translation>调查中</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="58" />
        <source>Proposed</source>
        <translation>已提出方案</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="59" />
        <source>Agreed</source>
        <translation>顾客已接受</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="60" />
        <location filename="../../ui/paper/code_labels.py" line="98" />
        <source>Declined</source>
        <translation>顾客不接受</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="61" />
        <source>Escalated</source>
        <translation>已上报办公室</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="62" />
        <location filename="../../ui/paper/code_labels.py" line="96" />
        <location filename="../../ui/paper/code_labels.py" line="106" />
        <source>Decided by the office</source>
        <translation>办公室已决定</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="63" />
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="64" />
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="67" />
        <source>In person</source>
        <translation>现场</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="68" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="69" />
        <source>Online</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="70" />
        <source>Letter</source>
        <translation>信函</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="71" />
        <source>Referred</source>
        <translation>转办</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="79" />
        <source>None</source>
        <translation>无责任</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="81" />
        <source>Misunderstanding (policy explained)</source>
        <translation>误解（已解释公司规定）</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="83" />
        <source>Partial</source>
        <translation>部分责任</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="84" />
        <source>Full</source>
        <translation>全部责任</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="93" />
        <location filename="../../ui/paper/code_labels.py" line="103" />
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="94" />
        <source>Offered</source>
        <translation>已提出</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="95" />
        <location filename="../../ui/paper/code_labels.py" line="105" />
        <source>Escalated to the office</source>
        <translation>已上报办公室</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="97" />
        <source>Accepted</source>
        <translation>顾客已接受</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="99" />
        <source>Countered</source>
        <translation>顾客另提要求</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="100" />
        <source>Superseded</source>
        <translation>已由新方案取代</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="104" />
        <source>Offered to the customer</source>
        <translation>已向顾客提出</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="107" />
        <source>Replaced by a new proposal</source>
        <translation>已由新方案取代</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="109" />
        <source>Superseded by the office's change</source>
        <translation>已由办公室调整</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="113" />
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="115" />
        <source>Taken over by the office</source>
        <translation>已由办公室接管</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="118" />
        <source>Call-back</source>
        <translation>电话回访</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="119" />
        <source>Promised item</source>
        <translation>兑现承诺事项</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="120" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="260" />
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="261" />
        <source>Complimentary item</source>
        <translation>赠送物品</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="262" />
        <source>Bill waived</source>
        <translation>免单</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="263" />
        <source>Voucher</source>
        <translation>代金券</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="264" />
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="265" />
        <source>Upgrade</source>
        <translation>升级</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="266" />
        <source>Gift</source>
        <translation>礼品</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="267" />
        <source>Exchange</source>
        <translation>换货</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="268" />
        <source>Repair or rework</source>
        <translation>维修/返工</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="269" />
        <source>Replacement</source>
        <translation>替换/重做</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="270" />
        <source>Apology</source>
        <translation>道歉</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="271" />
        <source>Information</source>
        <translation>解释说明</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="272" />
        <source>Compensation in money</source>
        <translation>现金补偿</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="275" />
        <source>Receive and empathise</source>
        <translation>受理与安抚</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="302" />
        <source>Keep in mind (attitude)</source>
        <translation>牢记（态度）</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="303" />
        <source>Say (a phrase)</source>
        <translation>可以这样说（话术）</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="304" />
        <source>Do (a check)</source>
        <translation>要做（检查项）</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="305" />
        <source>Keep in mind (explanation)</source>
        <translation>牢记（解释）</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="74" />
        <source>Low</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="75" />
        <source>Medium</source>
        <translation>较重</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="76" />
        <source>High</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="114" />
        <source>Remedy changed by the office</source>
        <translation>调整补偿方式</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="276" />
        <source>Investigate</source>
        <translation>调查核实</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="277" />
        <source>Propose</source>
        <translation>提出方案</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="278" />
        <source>Customer's answer</source>
        <translation>顾客意见</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="279" />
        <source>Close</source>
        <translation>结案</translation>
    </message>
</context>
<context>
    <name>LimitedTextEdit</name>
    <message>
        <location filename="../../ui/widgets.py" line="457" />
        <source>%1 / %2 characters</source>
        <translation>%1 / %2 字</translation>
    </message>
</context>
<context>
    <name>LineRow</name>
    <message>
        <location filename="../../ui/intake/lines_editor.py" line="63" />
        <source>Choose a remedy</source>
        <translation>选择补偿方式</translation>
    </message>
    <message>
        <location filename="../../ui/intake/lines_editor.py" line="64" />
        <source> yuan</source>
        <translation> 元</translation>
    </message>
    <message>
        <location filename="../../ui/intake/lines_editor.py" line="68" />
        <source>Details</source>
        <translation>具体说明</translation>
    </message>
    <message>
        <location filename="../../ui/intake/lines_editor.py" line="69" />
        <source>Remove this remedy</source>
        <translation>删除此项补偿</translation>
    </message>
</context>
<context>
    <name>LinesEditor</name>
    <message>
        <location filename="../../ui/intake/lines_editor.py" line="128" />
        <source>&amp;Add remedy</source>
        <translation>添加补偿(&amp;A)</translation>
    </message>
</context>
<context>
    <name>LockCover</name>
    <message>
        <location filename="../../ui/idle_lock.py" line="104" />
        <source>The desk is locked.</source>
        <translation>受理台已锁定。</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../ui/idle_lock.py" line="179" />
        <source>Desk locked</source>
        <translation>受理台已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="181" />
        <source>The desk is locked: the next person logs in with Switch user.</source>
        <translation>受理台已锁定：下一位请点“交接班”登录。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/idle_lock.py" line="186" />
        <source>The desk locked itself after %n idle minute(s). %1, type your password to go on.</source>
        <translation>
            <numerusform>受理台闲置 %n 分钟后已自动锁定。%1，请输入密码继续。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="191" />
        <source>&amp;Switch user…</source>
        <translation>交接班(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="193" />
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="206" />
        <source>That is not the password of %1. Type it again, or let the next person log in with Switch user.</source>
        <translation>这不是%1的密码。请重新输入，或点“交接班”让下一位登录。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/account_dialogs.py" line="392" />
        <source>Waiting for the office</source>
        <translation>等待办公室处理</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="381" />
        <location filename="../../ui/account_dialogs.py" line="383" />
        <location filename="../../ui/account_dialogs.py" line="384" />
        <location filename="../../ui/account_dialogs.py" line="385" />
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="381" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="381" />
        <location filename="../../ui/account_dialogs.py" line="384" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="381" />
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="382" />
        <source>Escalation risk</source>
        <translation>越级风险</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="382" />
        <source>Reply promised by</source>
        <translation>承诺答复时间</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="383" />
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="383" />
        <location filename="../../ui/account_dialogs.py" line="385" />
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="384" />
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="384" />
        <source>Reply due</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="385" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="385" />
        <source>Responsible</source>
        <translation>责任部门/责任人</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="391" />
        <source>Open cases at the desk</source>
        <translation>受理台未结投诉</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="394" />
        <source>Call-backs and promises due</source>
        <translation>待回访与待兑现的承诺</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="396" />
        <source>External cases due</source>
        <translation>外部投诉到期提醒</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="397" />
        <source>Improvement actions overdue</source>
        <translation>已超期的整改措施</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/account_dialogs.py" line="402" />
        <source>%n open case(s): %1 at the desk, %2 waiting for the office.</source>
        <translation>
            <numerusform>未结投诉共 %n 件：受理台 %1 件，等待办公室 %2 件。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="407" />
        <source>%1 (overdue)</source>
        <translation>%1（已超时）</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="425" />
        <source>Taken over by %1 (the office)</source>
        <translation>已由办公室的%1接管</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="446" />
        <source>The oldest %1 of %2 are listed.</source>
        <translation>共 %2 项，列出最早的 %1 项。</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="498" />
        <source>Open on this desk and handed over as they are: %1. What was typed there and not saved yet is saved under the incoming duty manager's name.</source>
        <translation>本台仍开着、原样移交的窗口：%1。其中已输入但尚未保存的内容，将以接班值班经理的名义保存。</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="511" />
        <source>The handover sheet could not be read: Cancel, then Switch user again.</source>
        <translation>交接班记录读取失败：请点“取消”，再重新“交接班”。</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="514" />
        <source>Reading the open cases for the handover sheet…</source>
        <translation>正在读取未结投诉，生成交接班记录…</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="515" />
        <source>The incoming duty manager has &amp;read the handover sheet</source>
        <translation>接班值班经理已阅读交接班记录(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="523" />
        <source>The desk was locked while %1 was away: the next duty manager takes it over and logs in.</source>
        <translation>%1 离开期间受理台已锁定：由下一位值班经理接管并登录。</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="525" />
        <source>Shift change: %1 hands the desk over; the next duty manager logs in.</source>
        <translation>交接班：%1交班，请接班的值班经理登录。</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="531" />
        <source>Take &amp;over the desk</source>
        <translation>接班登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="615" />
        <source>Choose your own password to log in: an administrator set the one you typed.</source>
        <translation>请设置自己的密码后再登录：刚才输入的密码是管理员设置的。</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="472" />
        <source>Handover sheet</source>
        <translation>交接班记录</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/account_dialogs.py" line="451" />
        <source>Archive: %Ln record(s) sealed; archive fingerprint %1 (to check the archive against later)</source>
        <translation>
            <numerusform>归档：已封存 %Ln 份；归档指纹 %1（供日后核对归档）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="516" />
        <source>Handover &amp;sheet…</source>
        <translation>交接班记录(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="518" />
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="519" />
        <source>Complaint Desk</source>
        <translation>投诉受理台</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="521" />
        <source>Switch user</source>
        <translation>交接班</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="532" />
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="533" />
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="535" />
        <source>&amp;Handover note:</source>
        <translation>交接说明(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="537" />
        <source>Open cases, promises made, anything the next shift must know</source>
        <translation>未结投诉、对顾客的承诺、下一班需要知道的事项</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="539" />
        <source>The incoming duty manager logs in:</source>
        <translation>接班值班经理登录：</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/i18n.py" line="66" />
        <location filename="../../ui/main_window.py" line="525" />
        <source>Complaint Desk</source>
        <translation>投诉受理台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="373" />
        <source>Work summary not saved</source>
        <translation>工作总结尚未保存</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="371" />
        <source>The work summary has changes not saved yet. Close and throw them away?</source>
        <translation>工作总结有尚未保存的修改。关闭并丢弃这些修改吗？</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="369" />
        <source>The work summary has changes not saved yet. Hand the desk over and throw them away?</source>
        <translation>工作总结有尚未保存的修改。交班并丢弃这些修改吗？</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="524" />
        <source>DEMO DATA</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="530" />
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="531" />
        <source>Open cases</source>
        <translation>未结投诉</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="532" />
        <source>Register</source>
        <translation>投诉台账</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="533" />
        <source>Office: escalated cases</source>
        <translation>办公室：上报投诉</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="534" />
        <source>Open the ris&amp;k list</source>
        <translation>打开越级风险列表(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="536" />
        <source>Office: archive</source>
        <translation>办公室：归档</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="537" />
        <source>Office: catalogues</source>
        <translation>办公室：基础资料与设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="538" />
        <source>Administration: accounts</source>
        <translation>系统管理：账号</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="539" />
        <source>Office: external cases</source>
        <translation>办公室：外部投诉</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="540" />
        <source>Office: hot-spots</source>
        <translation>办公室：热点投诉</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="541" />
        <source>Office: improvement actions</source>
        <translation>办公室：整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="542" />
        <source>Office: analysis</source>
        <translation>办公室：投诉分析</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="543" />
        <source>Office: work summaries</source>
        <translation>办公室：工作总结</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="544" />
        <source>Office: backups</source>
        <translation>办公室：备份</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="549" />
        <source>+ New complaint</source>
        <translation>+ 受理新投诉</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="550" />
        <source>Receive a complaint step by step with the intake (Ctrl+N)</source>
        <translation>按受理流程逐步受理一件投诉（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="551" />
        <source>&amp;New complaint…</source>
        <translation>受理新投诉(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="556" />
        <source>Q&amp;uick case…</source>
        <translation>快速处理(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="558" />
        <source>&amp;Switch user…</source>
        <translation>交接班(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="559" />
        <source>Change my pass&amp;word…</source>
        <translation>修改我的密码(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="552" />
        <source>Quick case (small, clear)…</source>
        <translation>快速处理（事小、责任清楚）…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="554" />
        <source>Receive and close a small clear complaint on one screen (Ctrl+Shift+N)</source>
        <translation>在一个页面上受理并了结一件事小、责任清楚的投诉（Ctrl+Shift+N）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="557" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="560" />
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="561" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="562" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="563" />
        <source>&amp;About Complaint Desk</source>
        <translation>关于投诉受理台(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="772" />
        <source>Case %1</source>
        <translation>投诉 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="770" />
        <source>%1 cannot be continued here: it is %2 now (changed meanwhile).</source>
        <translation>%1 无法在此继续：此投诉现为“%2”（期间已有更改）。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="767" />
        <source>%1 is handled by %2 of the office now: the desk can no longer continue it.</source>
        <translation>%1 现由办公室的%2处理，受理台不能再继续办理。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="837" />
        <source>An administrator changed your role: you are %1 now.</source>
        <translation>管理员已更改您的角色：您现在是%1。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="877" />
        <source>Office: escalation risk</source>
        <translation>办公室：越级风险</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="879" />
        <source>Office: escalation risk (%1)</source>
        <translation>办公室：越级风险（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="886" />
        <source>a customer not saved yet</source>
        <translation>一位尚未登记的顾客</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="887" />
        <source>⚠ %n alert(s) from the desk wait for the office.</source>
        <translation>
            <numerusform>⚠ 受理台有 %n 条提醒等待办公室处理。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="888" />
        <source>%1 told the office of %2 at %3.</source>
        <translation>%1 于 %3 通知办公室：%2。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="891" />
        <source>Newest: %1</source>
        <translation>最新一条：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="892" />
        <source>The oldest waits since %1.</source>
        <translation>最早的一条自 %1 起等待。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="897" />
        <source>Logged in: %1 · %2</source>
        <translation>当前用户：%1 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="966" />
        <source>Your password is changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="984" />
        <source>About Complaint Desk</source>
        <translation>关于投诉受理台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="987" />
        <source>&lt;p&gt;&lt;b&gt;Complaint Desk&lt;/b&gt; 0.1&lt;/p&gt;&lt;p&gt;Front-desk complaint handling for duty managers and the office.&lt;/p&gt;&lt;p&gt;Database: %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;投诉受理台&lt;/b&gt; 0.1&lt;/p&gt;&lt;p&gt;供值班经理和办公室使用的前台投诉受理系统。&lt;/p&gt;&lt;p&gt;数据库：%1&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="26" />
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="28" />
        <source>Something went wrong inside Complaint Desk. Your saved work is safe; what you were doing just now may not have been saved: check it, and try again.</source>
        <translation>投诉受理台内部出错了。已保存的内容不会丢失；刚才正在做的操作可能没有保存，请检查后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="36" />
        <source>If it happens again, tell whoever looks after the program and give them the log file: %1</source>
        <translation>如果再次出现，请告诉负责维护本程序的同事，并把日志文件交给他们：%1</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="40" />
        <source>If it happens again, tell whoever looks after the program.</source>
        <translation>如果再次出现，请告诉负责维护本程序的同事。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="74" />
        <source>Open the &amp;folder</source>
        <translation>打开所在文件夹(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="97" />
        <source>Discard it</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="99" />
        <source>Keep typing</source>
        <translation>继续填写</translation>
    </message>
</context>
<context>
    <name>NewSummaryDialog</name>
    <message>
        <location filename="../../ui/office/summary_page.py" line="149" />
        <source>New work summary</source>
        <translation>新建工作总结</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="151" />
        <source>A month</source>
        <translation>月度</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="152" />
        <source>A quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="153" />
        <source>A half-year</source>
        <translation>半年</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="154" />
        <source>A year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="155" />
        <source>Any dates</source>
        <translation>自定日期</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="159" />
        <source>&amp;Period:</source>
        <translation>期间(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="159" />
        <source>A &amp;day in it:</source>
        <translation>期间内的某一天(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="159" />
        <source>&amp;From:</source>
        <translation>从(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="159" />
        <source>&amp;To:</source>
        <translation>至(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="160" />
        <source>Covers:</source>
        <translation>涵盖：</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="160" />
        <source>&amp;Language of the summary:</source>
        <translation>总结的语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="183" />
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
</context>
<context>
    <name>NewTimeDialog</name>
    <message>
        <location filename="../../ui/register/case_view.py" line="393" />
        <source>New time for %1</source>
        <translation>%1：新的答复时间</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="395" />
        <source>The customer was told the office answers by %1. The time you tell them now is the case's promise from now on:</source>
        <translation>此前已告知顾客办公室将于 %1 前答复。现在告知顾客的时间即为此投诉新的承诺答复时间：</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="405" />
        <source>Office's answer &amp;by:</source>
        <translation>办公室答复时间(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../../ui/register/case_view.py" line="410" />
        <source>&amp;Record the new time</source>
        <translation>记录新的答复时间(&amp;R)</translation>
    </message>
</context>
<context>
    <name>OSError</name>
    <message>
        <location filename="../../ui/i18n.py" line="92" />
        <source>Permission denied</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="93" />
        <source>No space left on device</source>
        <translation>磁盘空间已满</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="94" />
        <source>Read-only file system</source>
        <translation>磁盘为只读</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="95" />
        <source>No such file or directory</source>
        <translation>文件或文件夹不存在</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="96" />
        <source>File exists</source>
        <translation>文件已存在</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="97" />
        <source>Is a directory</source>
        <translation>这是文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="98" />
        <source>Not a directory</source>
        <translation>不是文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="99" />
        <source>Disk quota exceeded</source>
        <translation>超出磁盘配额</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="100" />
        <source>Input/output error</source>
        <translation>读写出错（磁盘可能有故障）</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="101" />
        <source>File name too long</source>
        <translation>文件名太长</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="102" />
        <source>Device or resource busy</source>
        <translation>设备正忙</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="103" />
        <source>Operation not permitted</source>
        <translation>不允许此操作</translation>
    </message>
</context>
<context>
    <name>OfficeBoard</name>
    <message>
        <location filename="../../ui/overview.py" line="552" />
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="552" />
        <source>Hot-spot</source>
        <translation>热点投诉</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="552" />
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="552" />
        <source>Action</source>
        <translation>整改</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="553" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="553" />
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="553" />
        <source>Problem and who is responsible</source>
        <translation>问题与责任人</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="554" />
        <source>Told by the desk</source>
        <translation>受理台通报</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="558" />
        <source>Active hot-spots</source>
        <translation>当前热点投诉</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="559" />
        <source>Improvement actions overdue</source>
        <translation>已超期的整改措施</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="565" />
        <source>Active hot-spots: %1</source>
        <translation>当前热点投诉：%1 个</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="571" />
        <source>at least %1</source>
        <translation>至少自 %1</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="572" />
        <source>none yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="582" />
        <source>No hot-spot today: every group is at its usual level.</source>
        <translation>今天没有热点投诉：各类投诉均处于常态。</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="592" />
        <source>%1 %2: complaint no. %3 %4</source>
        <translation>%1 %2：%4第 %3 件</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="596" />
        <source>Improvement actions overdue: %1</source>
        <translation>已超期的整改措施：%1 项</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="599" />
        <source>Responsible: %1</source>
        <translation>责任人：%1</translation>
    </message>
</context>
<context>
    <name>OpenCasesPage</name>
    <message>
        <location filename="../../ui/open_cases.py" line="84" />
        <source>Open cases</source>
        <translation>未结投诉</translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="23" />
        <source>All open cases</source>
        <translation>全部未结投诉</translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="24" />
        <source>Past the promised time</source>
        <translation>已超过承诺时间</translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="25" />
        <source>Waiting for the office</source>
        <translation>等待办公室处理</translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="26" />
        <source>Received by me</source>
        <translation>我受理的</translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="85" />
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="87" />
        <source>&amp;Continue</source>
        <translation>继续处理(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="88" />
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="89" />
        <source>Draft for&amp;m…</source>
        <translation>记录表（草稿）(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="91" />
        <source>Preview and print the complaint form as it stands (marked NOT ARCHIVED)</source>
        <translation>按当前内容预览并打印投诉处理记录表（标注“未归档”）</translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="93" />
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/open_cases.py" line="148" />
        <source>%Ln open case(s)</source>
        <translation>
            <numerusform>未结投诉 %Ln 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/open_cases.py" line="149" />
        <source>: %Ln past the promised time</source>
        <translation>
            <numerusform>：已超时 %Ln 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/open_cases.py" line="150" />
        <source>, %Ln waiting for the office.</source>
        <translation>
            <numerusform>，等待办公室处理 %Ln 件。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="154" />
        <source>The first %1 of %2 are listed.</source>
        <translation>共 %2 件，列出前 %1 件。</translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="155" />
        <source>Numbers in bold: the cases you received.</source>
        <translation>编号为粗体的是您受理的投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="157" />
        <source>Intakes of yours stopped before a proposal: %1. Go on with them first.</source>
        <translation>您受理后尚未提出方案的投诉：%1 件，请先继续办理。</translation>
    </message>
    <message>
        <location filename="../../ui/open_cases.py" line="160" />
        <source>No open case: nobody is waiting for the desk.</source>
        <translation>没有未结投诉：目前没有顾客在等受理台答复。</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../ui/overview.py" line="192" />
        <location filename="../../ui/overview.py" line="315" />
        <source>Open cases</source>
        <translation>未结投诉</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="193" />
        <source>Past the promised time</source>
        <translation>已超过承诺时间</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="194" />
        <source>Waiting for the office</source>
        <translation>等待办公室处理</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="195" />
        <source>Received today</source>
        <translation>今日受理</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="196" />
        <source>Closed this month</source>
        <translation>本月结案</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="200" />
        <source>All open cases</source>
        <translation>全部未结投诉</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="201" />
        <source>Open the &amp;risk list</source>
        <translation>打开越级风险列表(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="315" />
        <source>All %1 open cases</source>
        <translation>全部 %1 件未结投诉</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="256" />
        <source>%1 handed the desk over at %2 and wrote: %3</source>
        <translation>%1 于 %2 交班，留言：%3</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="264" />
        <source>Escalation risk among the open cases: %1 high, %2 to watch.</source>
        <translation>未结投诉的越级风险：高 %1 件，需关注 %2 件。</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="310" />
        <source>Needs you now</source>
        <translation>现在需要您处理</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="311" />
        <source>No open case: nobody is waiting for the desk.</source>
        <translation>没有未结投诉：目前没有顾客在等受理台答复。</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="330" />
        <source>Hello, %1 (%2)</source>
        <translation>您好，%1（%2）</translation>
    </message>
</context>
<context>
    <name>OwnPasswordDialog</name>
    <message>
        <location filename="../../ui/account_dialogs.py" line="199" />
        <source>Choose your own password</source>
        <translation>设置自己的密码</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="202" />
        <source>%1, an administrator set the password you logged in with, so they know it too. Choose your own to go on: nobody else should know it.</source>
        <translation>%1，您登录用的密码是管理员设置的，管理员也知道。请设置自己的密码后继续：这个密码只应由您本人知道。</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="208" />
        <source>Change the password of %1</source>
        <translation>修改%1的密码</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="209" />
        <source>&amp;New password:</source>
        <translation>新密码(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="209" />
        <source>&amp;Repeat it:</source>
        <translation>确认密码(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="209" />
        <source>&amp;Current password:</source>
        <translation>当前密码(&amp;C)：</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/account_dialogs.py" line="212" />
        <source>At least %n characters</source>
        <translation>
            <numerusform>至少 %n 个字符</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="219" />
        <source>The two passwords differ; type the same password twice.</source>
        <translation>两次输入的密码不一致，请重新输入相同的密码。</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="88" />
        <source>From now on you log in with the new password; the old one no longer works. It needs at least %1 characters.</source>
        <translation>此后您用新密码登录，旧密码不再有效。密码至少 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="91" />
        <source>%1 (%2) logs in once with the new password and then chooses their own; the old one no longer works. It needs at least %3 characters. Tell it to them in person.</source>
        <translation>%1（%2）用新密码登录一次，随即设置自己的密码；旧密码不再有效。新密码至少 %3 个字符。请当面把密码告诉本人。</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="97" />
        <source>New &amp;password:</source>
        <translation>新密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="98" />
        <source>&amp;Repeat:</source>
        <translation>确认密码(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="104" />
        <source>New password for %1</source>
        <translation>为%1设置新密码</translation>
    </message>
    <message>
        <location filename="../../ui/office/accounts_page.py" line="109" />
        <source>The two passwords differ; type the same password twice.</source>
        <translation>两次输入的密码不一致，请重新输入相同的密码。</translation>
    </message>
</context>
<context>
    <name>PostgreSQL</name>
    <message>
        <location filename="../../models/postgresql.py" line="138" />
        <source>the server refused the user name or the password</source>
        <translation>服务器不接受该用户名或密码</translation>
    </message>
    <message>
        <location filename="../../models/postgresql.py" line="142" />
        <source>the server has no database of that name</source>
        <translation>服务器上没有这个名称的数据库</translation>
    </message>
    <message>
        <location filename="../../models/postgresql.py" line="146" />
        <source>the server does not take connections from this computer (ask IT to allow it)</source>
        <translation>服务器不接受来自这台电脑的连接（请IT人员开放）</translation>
    </message>
    <message>
        <location filename="../../models/postgresql.py" line="150" />
        <source>nothing answers at that address and port (the server is not running, or the port is wrong)</source>
        <translation>该地址和端口无人应答（服务器未运行，或端口有误）</translation>
    </message>
    <message>
        <location filename="../../models/postgresql.py" line="156" />
        <source>the server's name is not known (check its spelling and the network)</source>
        <translation>无法识别服务器名称（请检查拼写和网络）</translation>
    </message>
    <message>
        <location filename="../../models/postgresql.py" line="160" />
        <source>the server did not answer (check the network)</source>
        <translation>服务器没有应答（请检查网络）</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../ui/preferences.py" line="30" />
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="31" />
        <source>&amp;Language:</source>
        <translation>界面语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="32" />
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../../ui/printing.py" line="276" />
        <source>Print preview: %1</source>
        <translation>打印预览：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/printing.py" line="277" />
        <source>%n page(s), A4</source>
        <translation>
            <numerusform>共 %n 页，A4</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="278" />
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="279" />
        <source>&amp;Save as PDF…</source>
        <translation>另存为 PDF(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="280" />
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="291" />
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/printing.py" line="296" />
        <source>%n page(s) sent to %1.</source>
        <translation>
            <numerusform>已向 %1 发送 %n 页。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="298" />
        <source>%1 is stopped: they wait in its queue until it is started again.</source>
        <translation>%1 已暂停：打印任务在其队列中等待，直到重新启用。</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="309" />
        <location filename="../../ui/printing.py" line="322" />
        <location filename="../../ui/printing.py" line="324" />
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="321" />
        <source>%1 cannot be written: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="324" />
        <source>Saved: %1.</source>
        <translation>已保存：%1。</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../ui/printing.py" line="213" />
        <source>Print</source>
        <translation>打印</translation>
    </message>
</context>
<context>
    <name>PromptPanel</name>
    <message>
        <location filename="../../ui/intake/prompt_panel.py" line="20" />
        <source>1 · Receive and empathise</source>
        <translation>1 · 受理与安抚</translation>
    </message>
    <message>
        <location filename="../../ui/intake/prompt_panel.py" line="21" />
        <source>2 · Investigate</source>
        <translation>2 · 调查核实</translation>
    </message>
    <message>
        <location filename="../../ui/intake/prompt_panel.py" line="22" />
        <source>3 · Propose a resolution</source>
        <translation>3 · 提出处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/intake/prompt_panel.py" line="23" />
        <source>4 · The customer's answer</source>
        <translation>4 · 顾客意见</translation>
    </message>
    <message>
        <location filename="../../ui/intake/prompt_panel.py" line="24" />
        <source>5 · Close and follow up</source>
        <translation>5 · 结案与回访</translation>
    </message>
    <message>
        <location filename="../../ui/intake/prompt_panel.py" line="30" />
        <source>Do</source>
        <translation>要做</translation>
    </message>
    <message>
        <location filename="../../ui/intake/prompt_panel.py" line="31" />
        <source>Say</source>
        <translation>可以这样说</translation>
    </message>
    <message>
        <location filename="../../ui/intake/prompt_panel.py" line="32" />
        <source>Keep in mind</source>
        <translation>牢记</translation>
    </message>
    <message>
        <location filename="../../ui/intake/prompt_panel.py" line="137" />
        <source>No reply promised yet</source>
        <translation>尚未承诺答复时间</translation>
    </message>
    <message>
        <location filename="../../ui/intake/prompt_panel.py" line="142" />
        <source>Reply promised</source>
        <translation>承诺答复</translation>
    </message>
    <message>
        <location filename="../../ui/intake/prompt_panel.py" line="143" />
        <source>Answered</source>
        <translation>已答复</translation>
    </message>
    <message>
        <location filename="../../ui/intake/prompt_panel.py" line="149" />
        <source>Reply promised in</source>
        <translation>距承诺答复还有</translation>
    </message>
    <message>
        <location filename="../../ui/intake/prompt_panel.py" line="152" />
        <source>Promised time passed by</source>
        <translation>已超过承诺时间</translation>
    </message>
</context>
<context>
    <name>ProposePage</name>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="65" />
        <source>Propose a resolution</source>
        <translation>提出处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="66" />
        <source>Match the remedy to the company's liability, tell the customer patiently and ask for their view.</source>
        <translation>按公司责任大小拟定处理方案，耐心告诉顾客并征求顾客意见。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="69" />
        <source>Remedies:</source>
        <translation>补偿：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="70" />
        <source>What you will &amp;tell the customer:</source>
        <translation>向顾客说明(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="71" />
        <source>&amp;Hand-off note:</source>
        <translation>上报说明(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="72" />
        <source>Office's answer b&amp;y:</source>
        <translation>办公室答复时间(&amp;Y)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="76" />
        <source>e.g. We will remake the dish right away and add a fruit plate on the house. Is that all right?</source>
        <translation>例如：我们马上为您重做这道菜，并赠送一份果盘，您看可以吗？</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="79" />
        <source>Hand this case to the office (beyond your autho&amp;rity, or the customer asks for it)</source>
        <translation>上报办公室处理（超出您的权限，或顾客要求）(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="82" />
        <source>For the office: the facts, what the customer wants, what you offered and how they reacted</source>
        <translation>写给办公室：事实经过、顾客要求、您提出的方案及顾客的反应</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="85" />
        <source>Tell the customer this time: the case counts as late after it, no longer after the first one.</source>
        <translation>请把这个时间告诉顾客：此后才算超时，不再按最初承诺的时间计算。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="121" />
        <source>The customer asks for: %1</source>
        <translation>顾客要求：%1</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="126" />
        <source>After proposal %1 they asked for: %2</source>
        <translation>对方案 %1，顾客另提要求：%2</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="141" />
        <source>Total %1 yuan. The office decides without a limit.</source>
        <translation>合计 %1 元。办公室决定不受授权额度限制。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="144" />
        <source>Total %1 yuan · your limit %2 yuan a case · %3 yuan left of today's limit</source>
        <translation>合计 %1 元 · 您的每单授权额度 %2 元 · 今日剩余授权额度 %3 元</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="160" />
        <source>The office decides complaints of this category: hand the case to it with a note.</source>
        <translation>此类投诉由办公室决定：请填写说明并上报办公室。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="162" />
        <source>This is beyond your authority: hand the case to the office with a note.</source>
        <translation>已超出您的权限：请填写说明并上报办公室。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="203" />
        <source>Send to the &amp;office</source>
        <translation>上报办公室(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/propose_page.py" line="203" />
        <source>&amp;Offer to the customer</source>
        <translation>向顾客提出(&amp;O)</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="17" />
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="18" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="19" />
        <source>File Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="20" />
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="21" />
        <source>Shortcut</source>
        <translation>快捷方式</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="22" />
        <source>Alias</source>
        <translation>替身</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="23" />
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>QCupsJobWidget</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="46" />
        <source>Job &amp;priority:</source>
        <translation>作业优先级(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="47" />
        <source>Scheduled &amp;printing:</source>
        <translation>定时打印(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="48" />
        <source>&amp;Billing information:</source>
        <translation>计费信息(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="49" />
        <source>&amp;Start:</source>
        <translation>开始(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="50" />
        <source>&amp;End:</source>
        <translation>结束(&amp;E)：</translation>
    </message>
</context>
<context>
    <name>QErrorMessage</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="37" />
        <source>An error occurred</source>
        <translation>发生错误</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="15" />
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="16" />
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="24" />
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="25" />
        <source>%1 byte(s)</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="26" />
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="27" />
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="28" />
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="29" />
        <source>%1 TB</source>
        <translation>%1 TB</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="30" />
        <source>&lt;b&gt;The name &quot;%1&quot; can not be used.&lt;/b&gt;&lt;p&gt;Try using another name, with fewer characters or no punctuations marks.</source>
        <translation>&lt;b&gt;不能使用名称“%1”。&lt;/b&gt;&lt;p&gt;请换一个名称：字符少一些，或不含标点符号。</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="35" />
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="36" />
        <source>Help</source>
        <translation>帮助</translation>
    </message>
</context>
<context>
    <name>QPageSetupWidget</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="39" />
        <source>Page &amp;order:</source>
        <translation>页面顺序(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="40" />
        <source>Pages &amp;per sheet:</source>
        <translation>每张纸的页数(&amp;P)：</translation>
    </message>
</context>
<context>
    <name>QPrintDialog</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="38" />
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="41" />
        <source>Duplex Printing</source>
        <translation>双面打印</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="42" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="43" />
        <source>Long side</source>
        <translation>长边翻页</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="44" />
        <source>Short side</source>
        <translation>短边翻页</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="45" />
        <source>Page &amp;Set:</source>
        <translation>打印页(&amp;S)：</translation>
    </message>
</context>
<context>
    <name>QuickCaseDialog</name>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="237" />
        <source>Quick case: small and clear</source>
        <translation>快速处理：事小、责任清楚</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="240" />
        <source>For a complaint the desk settles on the spot, within your authority, with the customer's agreement: one screen, closed and archived. Anything else goes on in the full intake.</source>
        <translation>适用于受理台当场就能解决、在您权限之内、顾客接受处理方案的投诉：一个页面，结案归档。其他情况请转入完整受理流程。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="245" />
        <source>Customer's na&amp;me:</source>
        <translation>顾客姓名(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="246" />
        <source>&amp;Phone:</source>
        <translation>电话(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="247" />
        <source>&amp;Location:</source>
        <translation>地点(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="248" />
        <source>Cate&amp;gory:</source>
        <translation>分类(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="249" />
        <source>What &amp;happened:</source>
        <translation>投诉内容(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="250" />
        <source>The customer as&amp;ks for:</source>
        <translation>顾客要求(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="251" />
        <source>Acknowledged:</source>
        <translation>确认理解：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="252" />
        <source>What you &amp;found:</source>
        <translation>调查结果(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="253" />
        <source>Liability:</source>
        <translation>责任认定：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="254" />
        <source>Remedy:</source>
        <translation>补偿：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="255" />
        <source>You &amp;tell the customer:</source>
        <translation>向顾客说明(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="257" />
        <source>Sat&amp;isfaction (1–5):</source>
        <translation>满意度（1–5）(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="258" />
        <source>&amp;Witnessed by:</source>
        <translation>见证人(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="259" />
        <source>Still to &amp;deliver:</source>
        <translation>承诺事项(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="263" />
        <location filename="../../ui/intake/quick_dialog.py" line="264" />
        <source>optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="265" />
        <source>e.g. second-floor restaurant</source>
        <translation>例如：二楼中餐厅</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="266" />
        <source>Choose a category</source>
        <translation>选择分类</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="267" />
        <source>e.g. the dish was cold when it came</source>
        <translation>例如：菜上桌时已经凉了</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="268" />
        <source>e.g. heat it up again</source>
        <translation>例如：重新加热</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="269" />
        <source>e.g. it was cold: the dish waited at the pass</source>
        <translation>例如：确实凉了，菜在出菜口放久了</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="270" />
        <source>Repeated &amp;back; the customer confirmed it</source>
        <translation>已向顾客复述，顾客确认无误(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="273" />
        <source>Not clear / not our&amp;s</source>
        <translation>不清楚/非我方责任(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="274" />
        <source>The customer agr&amp;ees to the remedy</source>
        <translation>顾客接受处理方案(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="338" />
        <source>✓ Small and clear: once every field needed is filled in, close it here.</source>
        <translation>✓ 事小、责任清楚：必填项填写完整后，即可在此结案。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="256" />
        <source>Customer's answer:</source>
        <translation>顾客答复：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="271" />
        <source>&amp;Ours</source>
        <translation>我方责任(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="272" />
        <source>Pa&amp;rtly ours</source>
        <translation>部分责任(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="275" />
        <source>not asked</source>
        <translation>未询问</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="276" />
        <source>who heard them agree, e.g. the waiter</source>
        <translation>听到顾客同意的人，如当班服务员</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="277" />
        <source>optional, e.g. fruit to room 1208</source>
        <translation>可不填，如：送果盘到1208房</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="278" />
        <source>Continue in the f&amp;ull intake</source>
        <translation>转入完整受理流程(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="279" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="280" />
        <source>&amp;Close the complaint</source>
        <translation>结案(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="281" />
        <source>&amp;Next quick case</source>
        <translation>下一件快速处理(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="282" />
        <source>&amp;Done</source>
        <translation>完成(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="341" />
        <source>Once the customer agrees to the remedy, you can close it here.</source>
        <translation>顾客接受处理方案后，即可在此结案。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="345" />
        <source>This case needs the full intake:</source>
        <translation>此投诉须走完整受理流程：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="372" />
        <source>✓ Complaint %1 is closed and archived as %2.</source>
        <translation>✓ 投诉 %1 已结案，归档编号 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="436" />
        <source>Discard this complaint?</source>
        <translation>放弃这件投诉？</translation>
    </message>
    <message>
        <location filename="../../ui/intake/quick_dialog.py" line="437" />
        <source>Nothing of this complaint is saved yet: what you typed will be lost. To keep it, close it here or continue in the full intake.</source>
        <translation>这件投诉还没有保存，已填写的内容将丢失。如需保留，请在此结案，或转入完整受理流程。</translation>
    </message>
</context>
<context>
    <name>ReceivePage</name>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="44" />
        <source>In person at the desk</source>
        <translation>现场投诉</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="45" />
        <source>By phone</source>
        <translation>电话投诉</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="46" />
        <source>Online or by message</source>
        <translation>网络或留言</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="47" />
        <source>By letter</source>
        <translation>信函</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="48" />
        <source>Referred by another department</source>
        <translation>其他部门转来</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="51" />
        <source>Low: inconvenience</source>
        <translation>一般：带来不便</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="52" />
        <source>Medium: real loss or strong anger</source>
        <translation>较重：有实际损失或情绪激烈</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="53" />
        <source>High: injury, food safety, property</source>
        <translation>严重：人身伤害、食品安全、财物损失</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="136" />
        <source>Receive the complaint</source>
        <translation>受理投诉</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="137" />
        <source>Listen first. Write down the customer's own words and what they ask for.</source>
        <translation>先倾听。记录顾客的原话和要求。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="140" />
        <source>Customer's na&amp;me:</source>
        <translation>顾客姓名(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="141" />
        <source>&amp;Phone:</source>
        <translation>电话(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="142" />
        <source>&amp;Came in:</source>
        <translation>投诉来源(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="143" />
        <source>Rece&amp;ived at:</source>
        <translation>受理时间(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="144" />
        <source>&amp;Location:</source>
        <translation>地点(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="145" />
        <source>Quiet place:</source>
        <translation>安静场所：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="146" />
        <source>The complaint in the customer's &amp;words:</source>
        <translation>投诉内容（顾客原话）(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="147" />
        <source>Ca&amp;tegory:</source>
        <translation>分类(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="148" />
        <source>Se&amp;verity:</source>
        <translation>严重程度(&amp;V)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="149" />
        <source>What the customer &amp;asks for:</source>
        <translation>顾客要求(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="150" />
        <source>&amp;Reply promised in:</source>
        <translation>承诺答复时间(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="151" />
        <source>Acknowledged:</source>
        <translation>确认理解：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="154" />
        <source>e.g. Mr Liu (optional)</source>
        <translation>例如：刘先生（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="158" />
        <source>Where it happened, e.g. second-floor restaurant, room 1208</source>
        <translation>发生地点，例如：二楼中餐厅、客房1208</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="159" />
        <source>The customer was taken to a &amp;quiet place, away from other guests</source>
        <translation>已请顾客到安静处，避开其他顾客(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="164" />
        <source>How long until the customer hears back. A reply time changed later (Earlier steps) counts from then.</source>
        <translation>多久内给顾客答复。之后（通过“前面的步骤”）改动的答复时间，从改动时起算。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/intake/receive_page.py" line="345" />
        <source>%1 has complained %n time(s) in the last 12 months</source>
        <translation>
            <numerusform>%1 近 12 个月投诉 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="346" />
        <source>This customer</source>
        <translation>该顾客</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="155" />
        <source>Mobile or landline with area code (optional)</source>
        <translation>手机号或带区号的固定电话（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="160" />
        <source>Let the customer finish; then write what they said.</source>
        <translation>让顾客说完，再记录顾客所说的话。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="161" />
        <source>Choose a category</source>
        <translation>选择分类</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="162" />
        <source>e.g. an apology, a refund, the dish remade</source>
        <translation>例如：道歉、退款、重做菜品</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="163" />
        <source> minutes</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="168" />
        <source>Repeated &amp;back, and the customer confirmed it (required to go on)</source>
        <translation>我已向顾客复述投诉内容，顾客确认无误（必填）(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="171" />
        <source>When the call, letter or message came in; the reply promised counts from then.</source>
        <translation>电话、信件或留言到达的时间；承诺答复时间从此时算起。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="247" />
        <source>This may be a complaint that is already open:</source>
        <translation>这可能是一件已在处理中的投诉：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="251" />
        <source>Open it to see it or continue it, or press Next again to record a new complaint.</source>
        <translation>点编号打开查看或继续处理；或再按“下一步”登记为新投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="307" />
        <source>Complaints of this category always go to the office: receive and investigate it here, then hand it to the office with your proposal.</source>
        <translation>此类投诉一律由办公室处理：请在此受理并调查，然后连同处理方案上报办公室。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="312" />
        <source>A small clear case the customer will agree to settle at once? The quick case (Ctrl+Shift+N) closes it on one screen.</source>
        <translation>事小、责任清楚、顾客当场就会接受？用“快速处理”（Ctrl+Shift+N）在一个页面上结案。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/receive_page.py" line="349" />
        <source>, %1 yuan compensation accepted, last on %2.</source>
        <translation>，已接受补偿 %1 元，最近一次在 %2。</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="86" />
        <source>Recovery from a third party: %1</source>
        <translation>向第三方追偿：%1</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="89" />
        <source>The compensation the customer accepted on this case. When a supplier or partner caused the complaint, mark its line as recoverable from them with the amount due, and record what they paid back. The sealed case does not change.</source>
        <translation>以下是顾客在本投诉中接受的补偿。若投诉由供应商或合作方造成，可将相应补偿项标记为向其追偿，写明应追偿金额，并登记对方已偿付的金额。已封存的投诉记录不会改变。</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="94" />
        <source>Recoverable &amp;from:</source>
        <translation>追偿对象(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="95" />
        <source>Amount &amp;due (yuan):</source>
        <translation>应追偿金额（元）(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="96" />
        <source>Amount &amp;recovered so far (yuan):</source>
        <translation>目前已追回（元）(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="97" />
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="98" />
        <source>The supplier or partner at fault</source>
        <translation>负有责任的供应商或合作方</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="99" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="100" />
        <source>Remove the &amp;mark</source>
        <translation>撤销标记(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="103" />
        <source>Remedy</source>
        <translation>补偿方式</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="104" />
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="105" />
        <source>Charged to</source>
        <translation>承担部门</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="106" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="107" />
        <source>Recoverable from</source>
        <translation>追偿对象</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="108" />
        <source>Due</source>
        <translation>应追偿</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="109" />
        <source>Recovered</source>
        <translation>已追回</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="110" />
        <source>Outstanding</source>
        <translation>未追回</translation>
    </message>
    <message>
        <location filename="../../ui/register/recovery_dialog.py" line="141" />
        <source>Last recovered on %1</source>
        <translation>最近一次追回：%1</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <location filename="../../ui/intake/referral_dialog.py" line="63" />
        <source>Outside our scope</source>
        <translation>不属本店处理</translation>
    </message>
    <message>
        <location filename="../../ui/intake/referral_dialog.py" line="66" />
        <source>Is the matter for someone outside the company? Choose where the guide sends the customer, then say what you told them.</source>
        <translation>此事需由外部单位处理吗？请按指引选择顾客应去的单位，再写下您告诉顾客的话。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/referral_dialog.py" line="71" />
        <source>The referral guide has no entry for this category; the office keeps it.</source>
        <translation>外部转介指引中没有此分类的条目；指引由办公室维护。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/referral_dialog.py" line="72" />
        <source>What you &amp;told the customer:</source>
        <translation>告知顾客的内容(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/intake/referral_dialog.py" line="94" />
        <source>Choose where the customer is sent.</source>
        <translation>请选择引导顾客去的单位。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/referral_dialog.py" line="108" />
        <source>Referred: %1. %2</source>
        <translation>已转介：%1。%2</translation>
    </message>
</context>
<context>
    <name>RegisterPage</name>
    <message>
        <location filename="../../ui/register/register_page.py" line="214" />
        <source>Register</source>
        <translation>投诉台账</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="218" />
        <source>Ctrl+F comes here; Down or Enter goes to the first complaint found</source>
        <translation>按 Ctrl+F 来到这里；按 ↓ 或回车转到找到的第一件投诉</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="219" />
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="220" />
        <source>Open cases</source>
        <translation>未结投诉</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="222" />
        <source>All categories</source>
        <translation>全部分类</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="223" />
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="225" />
        <source>All staff</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="226" />
        <source>Received</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="227" />
        <source>Overdue only</source>
        <translation>只看超时</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="228" />
        <source>Escalated only</source>
        <translation>只看上报</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="229" />
        <source>Show &amp;all</source>
        <translation>显示全部(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="230" />
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="231" />
        <source>Save the list as it is filtered now as an Excel workbook or a CSV file</source>
        <translation>将当前筛选的列表保存为 Excel 工作簿或 CSV 文件</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="244" />
        <source>complaints-%1.xlsx</source>
        <translation>投诉台账-%1.xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="428" />
        <source>Only the complaints closed from %1 to %2</source>
        <translation>只显示 %1 至 %2 结案的投诉</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/register/register_page.py" line="432" />
        <source>Only %Ln complaint(s): %1</source>
        <translation>
            <numerusform>仅显示 %Ln 件：%1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="435" />
        <source>From the work summary: %1</source>
        <translation>来自工作总结：%1</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="437" />
        <source>From the analysis: %1</source>
        <translation>来自投诉分析：%1</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="525" />
        <source>No complaint: the dates received end before they begin.</source>
        <translation>没有结果：受理日期的截止日早于起始日。</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="528" />
        <source>No complaint matches “%1” with these filters: try fewer or other words, or Show all.</source>
        <translation>在当前筛选条件下没有投诉包含“%1”：请少输入几个字、换个说法，或点“显示全部”。</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="530" />
        <source>No complaint matches “%1” with these filters: try fewer or other words.</source>
        <translation>在当前筛选条件下没有投诉包含“%1”：请少输入几个字，或换个说法。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/register/register_page.py" line="534" />
        <source>%Ln complaint(s)</source>
        <translation>
            <numerusform>共 %Ln 件投诉</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="476" />
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="216" />
        <source>Search the customer's words, findings, name, phone, archive number or #number (e.g. noise, #2995)</source>
        <translation>搜索投诉内容、调查结果、顾客姓名、电话、归档编号或 #编号（例如：头发、#2995）</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="492" />
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../ui/register/register_page.py" line="522" />
        <source>More than %1 complaints match; add words to narrow the search.</source>
        <translation>匹配的投诉超过 %1 件；请增加关键词缩小范围。</translation>
    </message>
</context>
<context>
    <name>ReopenDialog</name>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="458" />
        <source>Reopen %1</source>
        <translation>%1 重新整改</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="459" />
        <source>Why does the action go on? It goes back to in progress, with a new due date.</source>
        <translation>为什么要继续整改？整改措施将回到“整改中”，并设新的完成期限。</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="460" />
        <source>New due date:</source>
        <translation>新的完成期限：</translation>
    </message>
</context>
<context>
    <name>ReplyDialog</name>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="328" />
        <source>Discard the reply?</source>
        <translation>放弃填写的答复？</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="328" />
        <source>The reply is not recorded, and what you typed will be lost.</source>
        <translation>答复不会被记录，您填写的内容将丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="331" />
        <source>Record the reply: %1</source>
        <translation>登记答复：%1</translation>
    </message>
    <message>
        <location filename="../../ui/office/external_dialogs.py" line="332" />
        <source>The &amp;reply sent to the outside body:</source>
        <translation>向外部机构发出的答复(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>RiskAdvice</name>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="54" />
        <source>Stay calm, do not argue, and tell the office now.</source>
        <translation>保持冷静，不争辩，立即通知办公室。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="58" />
        <source>Write down what they ask for, say when they will hear back, tell the office.</source>
        <translation>认真记录诉求，告知答复时限，立即通知办公室。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="69" />
        <source>Stay polite, do not stop them filming, and offer a solution quickly.</source>
        <translation>保持礼貌，不阻止顾客拍摄，尽快给出处理方案。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="73" />
        <source>Do not comment on liability or promise anything; tell the office now.</source>
        <translation>不评论责任，不作承诺，立即通知办公室。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="77" />
        <source>Explain honestly how the complaint is raised, and ask the office to step in.</source>
        <translation>如实说明向上级投诉的途径，并请办公室出面。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="81" />
        <source>Safety first; help call the police if a crime is involved; tell the office.</source>
        <translation>先确保人身安全；涉及违法行为的协助报警，并通知办公室。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="88" />
        <source>Take it seriously and give the customer an answer soon.</source>
        <translation>认真对待，尽快给顾客一个说法。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="92" />
        <source>Look at how the last complaint was handled; do not offer the same again.</source>
        <translation>先看上次是怎么处理的，不要重复同样的方案。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="96" />
        <source>Find out what the customer really wants; escalate what you may not grant.</source>
        <translation>弄清顾客真正的诉求；超出权限的及时上报。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="100" />
        <source>Apologise for the delay and give the customer a new time.</source>
        <translation>先为超时致歉，告知新的答复时间。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="105" />
        <source>Deal first with any danger to safety or health, keep the evidence, and tell the office.</source>
        <translation>如有安全或健康隐患先处置，保留证据，通知办公室。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="111" />
        <source>Say honestly that the office decides; promise nothing yourself.</source>
        <translation>如实告知需由办公室决定，不私下承诺。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="115" />
        <source>Chase the office and tell the customer where things stand.</source>
        <translation>催促办公室，并向顾客说明进度。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="188" />
        <source>The office has decided: tell the customer its answer as it stands.</source>
        <translation>办公室已作出决定，请如实向顾客转告其答复。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="194" />
        <source>The customer accepted the office's decision: carry it out as decided and close the case.</source>
        <translation>顾客已接受办公室的决定，请按决定兑现并结案。</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="202" />
        <source>The office has taken the case over: it makes its own proposal to the customer.</source>
        <translation>办公室已接管此投诉，由办公室向顾客提出处理方案。</translation>
    </message>
</context>
<context>
    <name>RiskIndicator</name>
    <message>
        <location filename="../../ui/intake/risk_indicator.py" line="54" />
        <source>Escalation risk</source>
        <translation>越级风险</translation>
    </message>
    <message>
        <location filename="../../ui/intake/risk_indicator.py" line="55" />
        <source>Notify the office now</source>
        <translation>立即通知办公室</translation>
    </message>
    <message>
        <location filename="../../ui/intake/risk_indicator.py" line="57" />
        <source>The office sees this case at once on its risk list; go on with the customer meanwhile.</source>
        <translation>办公室会立即在越级风险列表上看到此投诉；您可继续接待顾客。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/risk_indicator.py" line="68" />
        <source>No sign so far.</source>
        <translation>暂无迹象。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/risk_indicator.py" line="95" />
        <source>Taken over by %1 of the office.</source>
        <translation>已由办公室的%1接管。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/risk_indicator.py" line="102" />
        <source>Office told at %1; go on with the customer.</source>
        <translation>已于 %1 通知办公室；请继续接待顾客。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/risk_indicator.py" line="104" />
        <source>%1 of the office has seen it: %2</source>
        <translation>办公室的%1已知悉：%2</translation>
    </message>
    <message>
        <location filename="../../ui/intake/risk_indicator.py" line="106" />
        <source>%1 of the office has seen it.</source>
        <translation>办公室的%1已知悉。</translation>
    </message>
</context>
<context>
    <name>RiskLabels</name>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="282" />
        <source>No sign</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="283" />
        <source>Watch</source>
        <translation>关注</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="284" />
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="287" />
        <source>the 12315 consumer platform</source>
        <translation>12315消费者投诉平台</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="288" />
        <source>the 12345 city hotline</source>
        <translation>12345政务服务便民热线</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="289" />
        <source>the consumer association</source>
        <translation>消费者协会</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="290" />
        <source>the market regulator</source>
        <translation>市场监管部门</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="291" />
        <source>the media</source>
        <translation>新闻媒体</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="293" />
        <source>social media and review sites</source>
        <translation>社交媒体和点评网站</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="295" />
        <source>a lawyer or a court</source>
        <translation>律师或法院</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="296" />
        <source>head office or a superior</source>
        <translation>总部或上级</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="297" />
        <source>the police</source>
        <translation>公安机关</translation>
    </message>
    <message>
        <location filename="../../ui/paper/code_labels.py" line="298" />
        <source>elsewhere</source>
        <translation>其他渠道</translation>
    </message>
</context>
<context>
    <name>RiskPage</name>
    <message>
        <location filename="../../ui/office/risk_page.py" line="129" />
        <source>Escalation risk</source>
        <translation>越级风险</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="132" />
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="133" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="134" />
        <source>Office</source>
        <translation>办公室</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="135" />
        <source>Since received</source>
        <translation>受理至今</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="136" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="137" />
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="138" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="141" />
        <source>&amp;Note (what the office does about it):</source>
        <translation>说明（办公室如何处理）(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="142" />
        <source>e.g. Coming to the desk now; called the customer, an answer today</source>
        <translation>例如：马上到前台；已电话联系顾客，今天内给答复</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="143" />
        <source>&amp;Acknowledge with the note</source>
        <translation>确认并留下说明(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="144" />
        <source>&amp;Take the case over</source>
        <translation>接管此投诉(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="146" />
        <source>You become the case's handler: the desk sees it and can no longer go on with the case.</source>
        <translation>由您负责处理此投诉：受理台会看到接管信息，不能再继续处理。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="148" />
        <source>&amp;Open the case…</source>
        <translation>打开投诉(&amp;O)…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/risk_page.py" line="178" />
        <source>%n open case(s) at risk.</source>
        <translation>
            <numerusform>%n 件未结投诉有越级风险。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="179" />
        <source>The %1 most urgent are listed.</source>
        <translation>列出最紧急的 %1 件。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/office/risk_page.py" line="180" />
        <source>%n alert(s) from the desk wait for an answer.</source>
        <translation>
            <numerusform>受理台有 %n 条提醒等待答复。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="230" />
        <source>(no case saved)</source>
        <translation>（未保存投诉）</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="258" />
        <source>The customer accepted the office's decision: the desk carries it out and closes the case.</source>
        <translation>顾客已接受办公室的决定：由受理台按决定兑现并结案。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="261" />
        <source>The office has taken the case over: it makes its own proposal to the customer.</source>
        <translation>办公室已接管此投诉，由办公室向顾客提出处理方案。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="263" />
        <source>The office has decided: the desk tells the customer its answer.</source>
        <translation>办公室已作出决定：由受理台向顾客转告答复。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="265" />
        <source>The desk asks for more than it may grant: decide it under Escalated cases.</source>
        <translation>受理台所需超出其权限：请在“上报投诉”中作出决定。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="266" />
        <source>What the customer asks is beyond the desk's limits: the desk sends it to the office, or the office takes the case over.</source>
        <translation>顾客的要求超出受理台的权限：由受理台上报办公室，或由办公室接管此投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="269" />
        <source>A matter of safety, health or property: see that the desk dealt with any danger first and kept the evidence.</source>
        <translation>涉及安全、健康或财产：请确认受理台已先处置隐患并保留证据。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="281" />
        <source>In the office's queue</source>
        <translation>在办公室待决定</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="283" />
        <source>Decided by the office</source>
        <translation>办公室已决定</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="284" />
        <source>Not yet seen</source>
        <translation>尚未知悉</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="396" />
        <source>a customer not saved yet</source>
        <translation>一位尚未登记的顾客</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="397" />
        <source>Recorded: you have seen %1; the desk sees your note with the case.</source>
        <translation>已记录：您已知悉 %1；受理台可在该投诉中看到您的说明。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="410" />
        <source>Take the case over</source>
        <translation>接管投诉</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="411" />
        <source>Take %1 over? The desk can no longer go on with it: you continue it under Open cases and answer the customer.</source>
        <translation>接管 %1？接管后受理台不能再继续办理：由您在“未结投诉”中继续办理并答复顾客。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="415" />
        <source>&amp;Take it over</source>
        <translation>接管(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="437" />
        <source>%1 is yours now: the desk sees who took it over. Continue it under Open cases.</source>
        <translation>%1 现由您处理：受理台可看到接管人。请在“未结投诉”中继续办理。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="254" />
        <source>The desk and the customer are waiting for the office's decision: decide it under Escalated cases, or take the case over.</source>
        <translation>受理台和顾客在等办公室的决定：请在“上报投诉”中作出决定，或接管此投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="355" />
        <source>A customer with no case saved (not yet, or the desk discarded the intake)</source>
        <translation>未保存投诉的顾客（尚未保存，或受理台已放弃这次受理）</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="368" />
        <source>%1 answered at %2.</source>
        <translation>%1 于 %2 答复。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="231" />
        <location filename="../../ui/office/risk_page.py" line="277" />
        <source>Alert %1</source>
        <translation>提醒 %1</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="275" />
        <source>Taken over: %1</source>
        <translation>%1已接管</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="279" />
        <source>Seen: %1</source>
        <translation>%1已知悉</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="322" />
        <source>No open case is at risk.</source>
        <translation>没有存在越级风险的未结投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="336" />
        <source>Taken over by %1.</source>
        <translation>已由%1接管。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="352" />
        <source>%1 · %2 since the desk told the office</source>
        <translation>%1 · 受理台通知办公室已 %2</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="358" />
        <source>%1 told the office at %2.</source>
        <translation>%1 于 %2 通知了办公室。</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="361" />
        <source>The customer said:</source>
        <translation>顾客说：</translation>
    </message>
    <message>
        <location filename="../../ui/office/risk_page.py" line="368" />
        <source>%1 answered at %2: %3</source>
        <translation>%1 于 %2 答复：%3</translation>
    </message>
</context>
<context>
    <name>RiskText</name>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="20" />
        <source>The customer mentioned {group} (“{word}”)</source>
        <translation>顾客提到{group}（“{word}”）</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="24" />
        <source>The customer named {group} (“{word}”) but said they would not go (“{cue}”)</source>
        <translation>顾客提到{group}（“{word}”），但表示不会去（“{cue}”）</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="28" />
        <source>Complaint no. {count} within {days} days</source>
        <translation>{days} 天内第 {count} 次投诉</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="32" />
        <source>Proposals turned down: {count}</source>
        <translation>顾客不接受方案（{count} 次）</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="36" />
        <source>The promised time passed {duration} ago</source>
        <translation>已超过承诺时间 {duration}</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="40" />
        <source>A serious matter: {kind}</source>
        <translation>严重情形（{kind}）</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="44" />
        <source>What the customer asks is beyond the duty manager's authority</source>
        <translation>要求超出值班经理的权限</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="48" />
        <source>Waiting for the office for {duration}</source>
        <translation>上报后等待办公室已 {duration}</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="123" />
        <source>digits inside a longer number (a phone number, a code)</source>
        <translation>是更长号码（电话号码、编号）的一部分</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="127" />
        <source>a number of something: an amount, a room, a count</source>
        <translation>是金额、房号或数量</translation>
    </message>
    <message>
        <location filename="../../ui/paper/risk_labels.py" line="131" />
        <source>part of a word for something else (an alarm device, a bank)</source>
        <translation>是另一个词的一部分（如报警器、工商银行）</translation>
    </message>
    <message>
        <location filename="../../ui/risk_text.py" line="27" />
        <source>Not assessed yet</source>
        <translation>尚未评估</translation>
    </message>
</context>
<context>
    <name>SQLite</name>
    <message>
        <location filename="../../ui/i18n.py" line="110" />
        <source>file is not a database</source>
        <translation>文件不是数据库</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="111" />
        <source>database disk image is malformed</source>
        <translation>数据库文件已损坏</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="112" />
        <source>unable to open database file</source>
        <translation>无法打开数据库文件</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="113" />
        <source>database or disk is full</source>
        <translation>数据库或磁盘已满</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="114" />
        <source>database is locked</source>
        <translation>数据库正被占用</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="115" />
        <source>disk I/O error</source>
        <translation>磁盘读写错误</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="116" />
        <source>attempt to write a readonly database</source>
        <translation>数据库为只读，无法写入</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../ui/account_dialogs.py" line="95" />
        <source>Set up Complaint Desk</source>
        <translation>设置投诉受理台</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="98" />
        <source>Welcome. This database is new: name your organisation and create the administrator's account. The administrator then adds the duty managers and office staff.</source>
        <translation>欢迎使用。这是一个新数据库：请填写单位名称并创建管理员账号，之后由管理员添加值班经理和办公室人员。</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="103" />
        <source>&amp;Organisation:</source>
        <translation>单位名称(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="104" />
        <source>Administrator's &amp;user name:</source>
        <translation>管理员用户名(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="105" />
        <source>&amp;Full name:</source>
        <translation>姓名(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="106" />
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="107" />
        <source>&amp;Repeat password:</source>
        <translation>确认密码(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="111" />
        <source>e.g. Jinjiang Garden Hotel</source>
        <translation>例如：锦江花园酒店</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="112" />
        <source>Latin letters and digits, e.g. admin</source>
        <translation>英文字母和数字，例如 admin</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/account_dialogs.py" line="113" />
        <source>At least %n characters</source>
        <translation>
            <numerusform>至少 %n 个字符</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="114" />
        <source>Load &amp;demo data (sample staff and 3,000 complaints) to try the application</source>
        <translation>载入演示数据（示例员工和 3000 件投诉），用于试用(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="116" />
        <source>This database then stays a demo one: its window and every form it prints say so, and the demo adds accounts of its own, an administrator among them. For real work, set up a new database.</source>
        <translation>此数据库将一直作为演示数据库：窗口标题和打印的每张表单都会注明，演示还会另外添加账号（其中包括一个管理员）。正式使用请另建新数据库。</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="134" />
        <source>The two passwords differ; type the same password twice.</source>
        <translation>两次输入的密码不一致，请重新输入相同的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="153" />
        <source>Discard the set-up?</source>
        <translation>放弃初始设置？</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="154" />
        <source>Nothing is set up yet: what you typed will be lost, and Complaint Desk closes.</source>
        <translation>尚未完成设置：您填写的内容将丢失，投诉受理台随之关闭。</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../ui/intake/signature_pad.py" line="69" />
        <source>Customer signs here</source>
        <translation>请顾客在此签名</translation>
    </message>
</context>
<context>
    <name>StepBar</name>
    <message>
        <location filename="../../ui/intake/step_bar.py" line="16" />
        <source>Receive</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../ui/intake/step_bar.py" line="17" />
        <source>Investigate</source>
        <translation>调查</translation>
    </message>
    <message>
        <location filename="../../ui/intake/step_bar.py" line="18" />
        <source>Propose</source>
        <translation>方案</translation>
    </message>
    <message>
        <location filename="../../ui/intake/step_bar.py" line="19" />
        <source>Customer's answer</source>
        <translation>顾客意见</translation>
    </message>
    <message>
        <location filename="../../ui/intake/step_bar.py" line="20" />
        <source>Close</source>
        <translation>结案</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../ui/office/summary_page.py" line="344" />
        <source>Work summaries</source>
        <translation>工作总结</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="345" />
        <source>Summaries</source>
        <translation>总结列表</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="346" />
        <source>&amp;New summary…</source>
        <translation>新建总结(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="347" />
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="348" />
        <source>Written by:</source>
        <translation>撰写人：</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="349" />
        <source>&amp;Save version</source>
        <translation>保存版本(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="350" />
        <source>&amp;Discard changes</source>
        <translation>放弃修改(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="351" />
        <source>Sign &amp;off…</source>
        <translation>签发(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="352" />
        <source>Export &amp;PDF…</source>
        <translation>导出 PDF(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="353" />
        <source>Export &amp;Word…</source>
        <translation>导出 Word(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="354" />
        <source>P&amp;rint…</source>
        <translation>打印(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="355" />
        <source>The figures behind the text</source>
        <translation>正文所依据的数据</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="357" />
        <source>Double-click a figure to list its complaints in the register (a grey one keeps no such list).</source>
        <translation>双击某项数据，在台账中列出相应的投诉（灰色的数据没有对应的投诉清单）。</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="397" />
        <source>Signed off</source>
        <translation>已签发</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="398" />
        <source>Draft v%1</source>
        <translation>草稿 第 %1 版</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="444" />
        <source>Version %1 · %2 · %3</source>
        <translation>第 %1 版 · %2 · %3</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="468" />
        <source>No list of complaints is kept for this figure.</source>
        <translation>此项数据没有对应的投诉清单。</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="491" />
        <source>Choose a summary, or write a new one from a period's figures.</source>
        <translation>请选择一份总结，或根据某一期间的数据新建一份。</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="496" />
        <source>Signed off by %1 on %2: read-only.</source>
        <translation>已由 %1 于 %2 签发：只读。</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="499" />
        <source>Version %1, not the one signed off. %2</source>
        <translation>第 %1 版，不是签发的版本。%2</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="501" />
        <source>An earlier version (%1), read-only: choose the newest to edit.</source>
        <translation>较早的版本（%1），只读：请选择最新版本进行编辑。</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="504" />
        <source>Draft, version %1, saved %2 · %3</source>
        <translation>草稿，第 %1 版，保存于 %2 · %3</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="508" />
        <source>changes not saved</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="546" />
        <source>Writing the draft from the figures…</source>
        <translation>正在根据数据撰写草稿…</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="578" />
        <source>Saved as version %1.</source>
        <translation>已保存为第 %1 版。</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="590" />
        <source>Discard changes</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="591" />
        <source>Throw away the changes made to this work summary since it was last saved?</source>
        <translation>放弃这份工作总结自上次保存以来的修改吗？</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="601" />
        <source>Sign off the work summary</source>
        <translation>签发工作总结</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="602" />
        <source>Sign off “%1” as version %2 reads? Once signed off it can no longer be changed.</source>
        <translation>按第 %2 版签发“%1”？签发后不能再修改。</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="606" />
        <source>&amp;Sign off</source>
        <translation>签发(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="621" />
        <source>Version %1 is signed off.</source>
        <translation>第 %1 版已签发。</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="658" />
        <source>No complaint is behind “%1” now.</source>
        <translation>“%1”目前没有对应的投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="671" />
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="671" />
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="672" />
        <source>Export the work summary</source>
        <translation>导出工作总结</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="687" />
        <source>%1 cannot be written: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/office/summary_page.py" line="689" />
        <source>Written to %1.</source>
        <translation>已写入 %1。</translation>
    </message>
</context>
<context>
    <name>Text</name>
    <message>
        <location filename="../../ui/i18n.py" line="224" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/commands/export.py" line="147" />
        <location filename="../../ui/i18n.py" line="229" />
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="235" />
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="500" />
        <location filename="../../ui/archive_text.py" line="23" />
        <location filename="../../ui/office/analysis_page.py" line="1231" />
        <location filename="../../ui/office/hotspots_page.py" line="311" />
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="427" />
        <source>Verify the effect of %1</source>
        <translation>验证 %1 的整改效果</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="429" />
        <source>Was the action effective? When your verdict differs from the figures', say why in the note.</source>
        <translation>整改是否有效？结论与统计结果不同时，请在说明中写明依据。</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="432" />
        <source>No group of complaints is watched: the office judges by itself.</source>
        <translation>没有观察对象：由办公室自行判断。</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="435" />
        <source>&amp;Effective</source>
        <translation>有效(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="436" />
        <source>&amp;Not effective</source>
        <translation>无效(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="437" />
        <source>Note (needed when your verdict differs from the figures')</source>
        <translation>说明（结论与统计结果不同时必填）</translation>
    </message>
    <message>
        <location filename="../../ui/office/action_dialogs.py" line="441" />
        <source>Choose whether the action was effective.</source>
        <translation>请选择整改是否有效。</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <location filename="../../ui/widgets.py" line="68" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <location filename="../../ui/intake/wizard.py" line="131" />
        <source>Withdraw the complaint</source>
        <translation>撤回投诉</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="134" />
        <source>Why is the complaint withdrawn? (e.g. the customer left, or no longer wishes to pursue it) The complaint is then closed and sealed into the archive with this reason: it cannot be undone.</source>
        <translation>为什么撤回投诉？（例如顾客已离开，或不再追究）撤回后，投诉将连同此理由结案并封存归档，不能撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="139" />
        <source>&amp;Withdraw and archive</source>
        <translation>撤回并归档(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="145" />
        <source>Discard the reason?</source>
        <translation>放弃填写的撤回原因？</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wizard.py" line="146" />
        <source>The complaint is not withdrawn, and the reason you typed will be lost.</source>
        <translation>投诉不会撤回，您填写的撤回原因将丢失。</translation>
    </message>
</context>
<context>
    <name>argparse</name>
    <message>
        <location filename="../../ui/commands/speech.py" line="23" />
        <source>usage: </source>
        <translation>用法：</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="24" />
        <source>positional arguments</source>
        <translation>位置参数</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="25" />
        <source>options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="26" />
        <source>show this help message and exit</source>
        <translation>显示此帮助信息并退出</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="27" />
        <source>%(prog)s: error: %(message)s
</source>
        <translation>%(prog)s：错误：%(message)s
</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="28" />
        <source>argument %(argument_name)s: %(message)s</source>
        <translation>参数 %(argument_name)s：%(message)s</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="29" />
        <source>the following arguments are required: %s</source>
        <translation>缺少以下必需参数：%s</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="30" />
        <source>one of the arguments %s is required</source>
        <translation>必须给出以下参数之一：%s</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="31" />
        <source>unrecognized arguments: %s</source>
        <translation>无法识别的参数：%s</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="32" />
        <source>not allowed with argument %s</source>
        <translation>不能与参数 %s 同用</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="33" />
        <source>ignored explicit argument %r</source>
        <translation>忽略了显式给出的参数值 %r</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="34" />
        <source>expected one argument</source>
        <translation>需要一个参数值</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="35" />
        <source>expected at most one argument</source>
        <translation>最多需要一个参数值</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="36" />
        <source>expected at least one argument</source>
        <translation>至少需要一个参数值</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="37" />
        <source>expected %s argument</source>
        <translation>需要 %s 个参数值</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="38" />
        <source>expected %s arguments</source>
        <translation>需要 %s 个参数值</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="39" />
        <source>ambiguous option: %(option)s could match %(matches)s</source>
        <translation>选项有歧义：%(option)s 可以匹配 %(matches)s</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="40" />
        <source>invalid %(type)s value: %(value)r</source>
        <translation>无效的取值：%(value)r</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="41" />
        <source>invalid choice: %(value)r (choose from %(choices)s)</source>
        <translation>无效的取值：%(value)r（可选值：%(choices)s）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="42" />
        <source>unknown parser %(parser_name)r (choices: %(choices)s)</source>
        <translation>未知的命令 %(parser_name)r（可选：%(choices)s）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/speech.py" line="43" />
        <source>can't open '%(filename)s': %(error)s</source>
        <translation>无法打开“%(filename)s”：%(error)s</translation>
    </message>
</context>
</TS>
