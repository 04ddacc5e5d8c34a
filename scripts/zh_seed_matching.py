"""Chinese for matching: reasons and rules in plain words, the candidates page, "jobs for you"."""

ZH_MATCHING = {
    # services/recruiting/matching.py: reasons a vacancy fits a seeker
    "Your trade: {trade}": "你的工种：{trade}",
    "Wage {min}–{max} ≥ your {expected}": "工资 {min}–{max} 元，不低于你想要的 {expected} 元",
    "Housing provided": "包住",
    "Meals provided": "包吃",
    "Near home": "离家近",
    # hard rules it meets
    "Age {min}–{max} fits you": "年龄要求 {min}–{max} 岁，你符合",
    "Education: {education} or above": "学历：{education}及以上",
    "No schooling required": "不限学历",
    "For men": "招男工",
    "For women": "招女工",
    "Nearby work, as you want": "就近工作，合你的意愿",
    "Nearby work; you said either is fine": "就近工作（你选了都可以）",
    "Work away from home, as you want": "外出工作，合你的意愿",
    "Work away from home; you said either is fine": "外出工作（你选了都可以）",
    # a seeker for a vacancy (recruiter view)
    "This vacancy was not found.": "没有找到这个岗位。",
    "Has the trade: {trade}": "有这个工种：{trade}",
    "No expected wage given": "没有填期望工资",
    "Expects {expected} yuan; you offer {min}–{max}": "期望 {expected} 元，你们给 {min}–{max} 元",
    "Expects {expected} yuan, above your top {max}": "期望 {expected} 元，高于你们最高的 {max} 元",
    "Age {age}, within {min}–{max}": "{age} 岁，在 {min}–{max} 岁之内",
    "Education: {education}": "学历：{education}",
    "Wants nearby work or either": "想就近工作或都可以",
    "Cannot leave home: nearby work suits": "不能离家，适合就近工作",
    "Willing to work away from home": "愿意外出工作",
    "Gender: {gender}": "性别：{gender}",
    # components/ticket_view.py: "Jobs for you" under the ticket
    "Jobs for you": "适合你的工作",
    "{min}–{max} yuan a month": "月薪 {min}–{max} 元",
    "See this job": "看看这个工作",
    "See all jobs": "查看全部工作",
    "No job fits you yet. New jobs are added often: look at all jobs, or come back later.":
        "暂时没有适合你的工作。新岗位经常增加，可以看看全部工作，或过几天再来。",
    # pages/candidates.py
    "Candidates who fit": "合适的求职者",
    "Registered job seekers who meet this vacancy's rules (age, education, where they want to work), "
    "best first: your trade first, then those whose expected wage fits, then the newest. Names appear "
    "once a seeker marks interest in one of your vacancies or is scanned at your booth; phone numbers "
    "are on the pipeline page.":
        "符合这个岗位条件（年龄、学历、想去哪里工作）的登记求职者，最合适的排在前面：先是有这个工种的，"
        "再是期望工资合适的，然后是最近登记的。求职者报名你们的岗位或在展位被扫码后才显示姓名；"
        "电话号码在招聘进度页查看。",
    "You have no open vacancy. Post one first.": "你们还没有正在招聘的岗位，请先发布岗位。",
    "Vacancy": "岗位",
    "{title} · {trade} · closes {date}": "{title} · {trade} · {date} 截止",
    "No registered seeker fits this vacancy yet. Seekers who register at the fairs appear here.":
        "还没有符合这个岗位的登记求职者。在招聘会上登记的求职者会出现在这里。",
    "{n} candidates, best first": "{n} 位求职者，最合适的在前",
    "Candidate": "求职者",
    "Candidate {n}": "求职者 {n}",
    "Age": "年龄",
    "Gender": "性别",
    "Education": "学历",
    "Trades": "工种",
    "Wants to work": "就业意向",
    "Township": "乡镇",
    "Expected wage (yuan)": "期望工资（元）",
    "Points": "得分",
    "Why": "推荐理由",
    "Rules met": "符合的条件",
    "Known by name: {n}. Ask the others to scan their ticket at your booth, or wait for them to mark "
    "interest on the job board.":
        "已显示姓名：{n} 位。其他人可以请他们到展位扫码，或等他们在招聘信息里报名。",
}
