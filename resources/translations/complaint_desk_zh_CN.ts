<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/app.py" line="34" />
        <location filename="../../ui/app.py" line="48" />
        <source>Complaint Desk</source>
        <translation>投诉受理台</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="85" />
        <location filename="../../ui/app.py" line="107" />
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="86" />
        <source>Creating demo staff and complaints…</source>
        <translation>正在创建演示员工和投诉…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="124" />
        <source>Demo accounts</source>
        <translation>演示账号</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="125" />
        <source>&lt;p&gt;The demo staff can log in with these passwords. Note them down.&lt;/p&gt;</source>
        <translation>&lt;p&gt;演示员工可用以下密码登录，请记下。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>DomainError</name>
    <message>
        <location filename="../../models/customer.py" line="37" />
        <source>{phone} is not a phone number: give a mobile number (11 digits) or a landline with its area code.</source>
        <translation>{phone} 不是有效的电话号码：请填写 11 位手机号，或带区号的固定电话。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="66" />
        <source>Database URLs of the kind '{scheme}' are not supported; give a SQLite file path.</source>
        <translation>不支持“{scheme}”类型的数据库地址，请填写 SQLite 数据库文件路径。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="70" />
        <source>No database file was given.</source>
        <translation>未指定数据库文件。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="79" />
        <source>{path} is a folder, not a database file.</source>
        <translation>{path} 是文件夹，不是数据库文件。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="83" />
        <source>The folder {folder} does not exist.</source>
        <translation>文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="92" />
        <source>Cannot open {path} as a database: {reason}.</source>
        <translation>无法将 {path} 作为数据库打开：{reason}。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="124" />
        <source>{path} is not a Complaint Desk database.</source>
        <translation>{path} 不是投诉受理台的数据库。</translation>
    </message>
    <message>
        <location filename="../../models/database.py" line="129" />
        <source>{path} was written by a newer version of Complaint Desk (schema {schema}); update the application to open it.</source>
        <translation>{path} 由更新版本的投诉受理台创建（数据结构 {schema}），请先升级本程序再打开。</translation>
    </message>
    <message>
        <location filename="../../models/setup.py" line="15" />
        <source>Enter the organisation's name.</source>
        <translation>请填写单位名称。</translation>
    </message>
    <message>
        <location filename="../../models/setup.py" line="18" />
        <source>This database has been set up already.</source>
        <translation>此数据库已完成初始设置。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="85" />
        <source>The password must have at least {count} characters.</source>
        <translation>密码至少需要 {count} 个字符。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="101" />
        <source>Enter a user name.</source>
        <translation>请填写用户名。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="103" />
        <source>A user name uses Latin letters and digits, without spaces.</source>
        <translation>用户名只能使用英文字母和数字，不能有空格。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="105" />
        <source>Enter the person's full name.</source>
        <translation>请填写姓名。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="108" />
        <source>Authority limits cannot be negative.</source>
        <translation>授权额度不能为负数。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="111" />
        <source>The user name {username} is taken.</source>
        <translation>用户名 {username} 已被使用。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="128" />
        <source>The user name or the password is wrong.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../models/staff.py" line="131" />
        <source>The account {username} is disabled; ask an administrator.</source>
        <translation>账号 {username} 已停用，请联系管理员。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../ui/labels.py" line="10" />
        <source>Duty manager</source>
        <translation>值班经理</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="11" />
        <source>Office</source>
        <translation>办公室</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="12" />
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="16" />
        <source>Received</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="17" />
        <source>Investigating</source>
        <translation>调查中</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="18" />
        <source>Proposed</source>
        <translation>已提出方案</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="19" />
        <source>Agreed</source>
        <translation>顾客已同意</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="20" />
        <source>Declined</source>
        <translation>顾客不同意</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="21" />
        <source>Escalated</source>
        <translation>已上报</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="22" />
        <source>Decided by the office</source>
        <translation>办公室已决定</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="23" />
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="24" />
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/account_dialogs.py" line="159" />
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="160" />
        <source>Complaint Desk</source>
        <translation>投诉受理台</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="162" />
        <source>Switch user</source>
        <translation>交接班</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="164" />
        <source>Shift change: %1 hands the desk over. The next person logs in.</source>
        <translation>交接班：%1 移交受理台，请接班人登录。</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="168" />
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="168" />
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="170" />
        <source>&amp;Handover note:</source>
        <translation>交接说明(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="172" />
        <source>Open cases, promises made, anything the next shift must know</source>
        <translation>未结投诉、对顾客的承诺、下一班需要知道的事项</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="177" />
        <source>Complaint Desk</source>
        <translation>投诉受理台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179" />
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="180" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181" />
        <source>&amp;Switch User…</source>
        <translation>交接班(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="182" />
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="183" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="184" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185" />
        <source>&amp;About Complaint Desk</source>
        <translation>关于投诉受理台(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="202" />
        <source>Logged in: %1 · %2</source>
        <translation>当前用户：%1 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220" />
        <source>About Complaint Desk</source>
        <translation>关于投诉受理台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="222" />
        <source>&lt;p&gt;&lt;b&gt;Complaint Desk&lt;/b&gt; 0.1&lt;/p&gt;&lt;p&gt;Front-desk complaint handling for duty managers and the office.&lt;/p&gt;&lt;p&gt;Database: %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;投诉受理台&lt;/b&gt; 0.1&lt;/p&gt;&lt;p&gt;供值班经理和办公室使用的前台投诉受理系统。&lt;/p&gt;&lt;p&gt;数据库：%1&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="17" />
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="19" />
        <source>Something went wrong inside Complaint Desk. Your saved work is safe. The details below were written to the log file.</source>
        <translation>投诉受理台内部出错。已保存的内容不会丢失。以下详细信息已写入日志文件。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="36" />
        <source>Complaint Desk</source>
        <translation>投诉受理台</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../ui/main_window.py" line="84" />
        <source>Open cases</source>
        <translation>未结投诉</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="85" />
        <source>Past the promised time</source>
        <translation>已超过承诺时间</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="86" />
        <source>Waiting for the office</source>
        <translation>等待办公室处理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="87" />
        <source>Received today</source>
        <translation>今日受理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="88" />
        <source>Closed this month</source>
        <translation>本月结案</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="112" />
        <source>Hello, %1 (%2)</source>
        <translation>您好，%1（%2）</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../ui/preferences.py" line="32" />
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="33" />
        <source>&amp;Language:</source>
        <translation>界面语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="34" />
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../ui/account_dialogs.py" line="73" />
        <source>Set up Complaint Desk</source>
        <translation>设置投诉受理台</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="76" />
        <source>Welcome. This database is new: name your organisation and create the administrator's account. The administrator then adds the duty managers and office staff.</source>
        <translation>欢迎使用。这是一个新数据库：请填写单位名称并创建管理员账号，之后由管理员添加值班经理和办公室人员。</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="81" />
        <source>&amp;Organisation:</source>
        <translation>单位名称(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="82" />
        <source>Administrator's &amp;user name:</source>
        <translation>管理员用户名(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="83" />
        <source>&amp;Full name:</source>
        <translation>姓名(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="84" />
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="85" />
        <source>&amp;Repeat password:</source>
        <translation>确认密码(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="91" />
        <source>e.g. 锦江花园酒店</source>
        <translation>例如：锦江花园酒店</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="92" />
        <source>Latin letters and digits, e.g. admin</source>
        <translation>英文字母和数字，例如 admin</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/account_dialogs.py" line="93" />
        <source>At least %n characters</source>
        <translation><numerusform>至少 %n 个字符</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="94" />
        <source>Load &amp;demo data (sample staff and 300 complaints) to try the application</source>
        <translation>载入演示数据（示例员工和 300 条投诉），用于试用(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/account_dialogs.py" line="103" />
        <source>The two passwords differ; type the same password twice.</source>
        <translation>两次输入的密码不一致，请重新输入相同的密码。</translation>
    </message>
</context>
</TS>
