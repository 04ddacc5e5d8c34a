# ruff: noqa: E501
"""Chinese for employers: the /join sign-up, the organizers' vetting page, "our company", the sign-in rule."""

ZH_EMPLOYERS = {
    # services/recruiting/employers.py
    "A company with this unified social credit code is registered already. If it is yours, ask the labor bureau to add you as a recruiter.":
        "这个统一社会信用代码已经登记过了。如果是贵公司，请联系县人社局把您添加为招聘人员。",
    "The company's status has changed meanwhile. Please look at the list again.": "这家单位的状态刚被改过了，请重新查看列表。",
    "Please enter the company name.": "请填写单位名称。",
    "A company name has 2 to 100 characters.": "单位名称为2到100个字。",
    "The company name contains characters that cannot be used.": "单位名称里有不能使用的字符。",
    "Please enter the contact person's name.": "请填写联系人姓名。",
    "Please enter the contact phone number.": "请填写联系电话。",
    "Enter a mobile number (11 digits) or a landline with its area code, e.g. 0769-22334455.":
        "请填写11位手机号，或带区号的座机号，例如 0769-22334455。",
    "Please enter the city.": "请填写城市。",
    "This city is not in the chosen province.": "这个城市不在所选的省份。",
    "Please write the reason: the company is told.": "请写明原因，单位会看到。",
    "Please keep the reason under 200 characters.": "原因请写在200字以内。",
    "Please choose the province.": "请选择省份。",
    "Please choose the industry.": "请选择行业。",
    # services/accounts/staff.py: the sign-in rule for recruiters
    "Your company's registration is waiting for approval by the labor bureau. You can sign in once it is approved.":
        "贵单位的注册正在等待县人社局审核，审核通过后即可登录。",
    "Your company's registration was not approved by the labor bureau. Please contact the bureau.":
        "贵单位的注册未通过县人社局审核，请与人社局联系。",
    "Your company's account has been suspended by the labor bureau. Please contact the bureau.":
        "贵单位的账号已被县人社局暂停，请与人社局联系。",
    "This recruiter account belongs to no company. Please contact the labor bureau.":
        "这个招聘账号没有所属单位，请与县人社局联系。",
    "A recruiter account belongs to a company: please choose one.": "招聘人员账号必须属于一家单位，请选择单位。",
    "An organizer account belongs to no company.": "组织方账号不属于任何单位。",
    # components/auth.py
    "Reason: {note}": "原因：{note}",
    # components/employer_form.py
    "Company name (as on the business licence)": "单位名称（与营业执照一致）",
    "Unified social credit code (18 characters)": "统一社会信用代码（18位）",
    "Province of the company": "单位所在省份",
    "City": "城市",
    "e.g. 东莞市 (in Chinese)": "例如：东莞市",
    "Industry": "行业",
    "Contact person": "联系人",
    "Contact phone (mobile, or landline with area code)": "联系电话（手机，或带区号的座机）",
    "User name for signing in (letters and digits)": "登录用户名（字母和数字）",
    "Your name": "您的姓名",
    # pages/join.py
    "Employers: sign up to recruit at our fairs": "用人单位注册：来我县招聘会招工",
    "Received. The county labor bureau will review your company; you can sign in once it is approved.":
        "已收到！县人社局会审核贵单位，审核通过后即可登录。",
    "Company: **{name}**": "单位：**{name}**",
    "Your user name: **{username}**": "您的用户名：**{username}**",
    "After approval, sign in at the staff sign-in page with this user name and your password.":
        "审核通过后，请在工作人员登录页用这个用户名和您设的密码登录。",
    "Sign up another company": "再注册一家单位",
    "The labor bureau checks every company before it can recruit at the fairs. Fill in the form once; all fields are needed.":
        "每家单位须经县人社局审核后才能参加招聘会。请一次填完，所有项目都要填写。",
    "Your company": "单位信息",
    "Your recruiter account": "您的招聘账号",
    "Send for approval": "提交审核",
    # pages/employers.py (bureau staff)
    "Some answers need fixing. Please look at the messages beside the fields.": "有些内容需要修改，请看各项旁边的提示。",
    "{name}: {status}.": "{name}：{status}。",
    "{name} is created and approved; its recruiter can sign in now.": "{name} 已建好并通过审核，招聘人员现在可以登录。",
    "Recruiter account created.": "招聘人员账号已建好。",
    "Waiting for approval ({n})": "待审核（{n}家）",
    "No company is waiting.": "没有待审核的单位。",
    "Credit code: {code} · {province} {city} · {industry}": "信用代码：{code} · {province}{city} · {industry}",
    "Contact: {name}, {phone} · signed up {date}": "联系人：{name}，{phone} · 注册时间 {date}",
    "Note (needed to reject; the company is told)": "备注（不通过时必填，单位会看到）",
    "Recruiter accounts: {accounts}": "招聘账号：{accounts}",
    "Approve": "通过",
    "Reject": "不通过",
    "All employers": "全部用人单位",
    "Company": "单位",
    "Recruiters": "招聘人员",
    "Open vacancies": "在招岗位",
    "Province": "省份",
    "Credit code": "信用代码",
    "Contact": "联系人",
    "Note": "备注",
    "Suspend or reinstate a company": "暂停或恢复单位",
    "Reason (the company is told)": "原因（单位会看到）",
    "Suspend: its recruiters are signed out at once": "暂停：该单位招聘人员立即退出登录",
    "Reinstate": "恢复",
    "Create a company (approved at once) with its first recruiter": "新建单位（直接通过审核）及其第一个招聘账号",
    "**First recruiter account**": "**第一个招聘账号**",
    "Create company": "建立单位",
    "Add a recruiter to a company": "给单位添加招聘人员",
    "Add recruiter": "添加招聘人员",
    # pages/employer.py (recruiters)
    "Unified social credit code": "统一社会信用代码",
    "Place": "所在地",
    "Contact phone": "联系电话",
    "To change the company name, credit code or place, please contact the county labor bureau.":
        "如需修改单位名称、信用代码或所在地，请联系县人社局。",
    "Colleagues": "同事",
    "Change the contact person": "修改联系人",
    "Contact saved.": "联系人已保存。",
    "Save contact": "保存联系人",
    # pages/accounts.py, pages/signin.py
    "Company (recruiters only; approved companies)": "所属单位（仅招聘人员；已通过审核的单位）",
    "A company that wants to recruit at our fairs? Sign up here": "用人单位想来招聘会招工？在这里注册",
}
