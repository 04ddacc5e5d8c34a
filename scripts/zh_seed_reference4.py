"""Chinese for issue 4's shared reference lists (industries, stages, scopes, trip payers)."""

ZH_REFERENCE4 = {
    "Manufacturing": "制造业",
    "Electronics": "电子",
    "Garments and shoes": "服装鞋业",
    "Furniture": "家具",
    "Construction": "建筑",
    "Logistics and delivery": "物流快递",
    "Catering and hotels": "餐饮酒店",
    "Domestic and care services": "家政护理",
    "Security and property management": "保安物业",
    "Agriculture and breeding": "农业养殖",
    "Poverty-alleviation workshop": "扶贫车间",
    "Public-welfare jobs": "公益性岗位",
    "Other": "其他",
    "Waiting for approval": "待审核",
    "Approved": "已通过",
    "Rejected": "未通过",
    "Suspended": "已暂停",
    "Nearby (in our city)": "就近（本市内）",
    "Elsewhere in our province": "省内其他城市",
    "Another province": "外省",
    "The employer pays": "企业承担",
    "Employer and worker share it": "企业和个人分担",
    "The worker pays": "个人承担",
    "Interested": "有意向",
    "Interviewed": "已面试",
    "Offered": "已发录用意向",
    "Hired": "已录用",
    "Not suitable": "不合适",
    "Job board": "招聘信息栏",
    "Kiosk": "自助登记机",
    "Booth": "招聘展位",
}

ZH_NAV4 = {
    "Jobs": "招聘岗位",
    "Employers: sign up": "企业注册",
    "Employers": "用人单位",
    "Booth activity": "展位动态",
    "Vacancies": "岗位管理",
    "Pipeline": "招聘进度",
    "Booth: scan tickets": "展位扫码",
    "Candidates who fit": "匹配的求职者",
    "Our company": "本单位信息",
    "Coming soon": "即将上线",
    "Please enter the unified social credit code.": "请输入统一社会信用代码。",
    "The unified social credit code has 18 characters.": "统一社会信用代码为18位。",
    "The code uses only digits and capital letters other than I, O, S, V and Z.":
        "代码只包含数字和大写字母（不含 I、O、S、V、Z）。",
    "Characters 3 to 8 of the code are the area code and must be digits.": "代码第3至8位是行政区划码，必须是数字。",
    "This unified social credit code is not valid: please check each character.":
        "统一社会信用代码校验不通过，请逐位核对。",
}

ZH_SIGNIN4 = {
    "Organizer accounts are created by the county labor bureau; companies sign up below and can sign in once the "
    "bureau approves them. Ask an organizer if you forgot your password.":
        "工作人员账号由县人社局创建；用人单位请在下方注册，审核通过后即可登录。忘记密码请联系组织方工作人员。",
}

ZH_PIPELINE4 = {"closes {date}": "{date} 截止"}
