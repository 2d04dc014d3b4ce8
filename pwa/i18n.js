// All UI text, one table per language. Simplified Chinese is the default.
const messages = {
  zh: {
    title: "校园安全隐患排查", switchLang: "English", signIn: "登录", signOut: "退出",
    username: "用户名", password: "密码", orgTree: "组织机构", search: "搜索单位名称",
    loginFailed: "用户名或密码错误，或账号已停用。", networkError: "网络不可用，请稍后再试。",
    roles: { admin: "系统管理员", bureau_viewer: "教体局查看", inspector: "检查员", principal: "校长", school_officer: "安全干事" },
    kinds: { city_bureau: "市教体局", county_bureau: "县（区）教体局", direct_unit: "直属单位", school: "学校" },
  },
  en: {
    title: "SafeCampus", switchLang: "中文", signIn: "Sign in", signOut: "Sign out",
    username: "Username", password: "Password", orgTree: "Organisation", search: "Search units",
    loginFailed: "Wrong username or password, or the account is disabled.", networkError: "No network; try again later.",
    roles: { admin: "Administrator", bureau_viewer: "Bureau viewer", inspector: "Inspector", principal: "Principal", school_officer: "Safety officer" },
    kinds: { city_bureau: "City bureau", county_bureau: "County bureau", direct_unit: "Direct unit", school: "School" },
  },
};

let lang = localStorage.getItem("lang") || "zh";

export function t(key) {
  return key.split(".").reduce((table, part) => table?.[part], messages[lang]) ?? key;
}

export function currentLang() { return lang; }

export function setLang(next) {
  lang = next;
  localStorage.setItem("lang", next);
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
}
