using Investment.Api.Http;
using Microsoft.AspNetCore.Identity;

namespace Investment.Api.Features.Auth;

/// <summary>
/// Identity's refusals (password rules, a duplicate e-mail…) in the request's language: the English is Identity's own
/// text, unchanged; the Chinese is ours. The codes stay as Identity names them.
/// </summary>
public sealed class IdentityMessages : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Say(base.DefaultError(), "操作失败，请重试。");

    public override IdentityError ConcurrencyFailure() => Say(base.ConcurrencyFailure(), "该账号刚被他人修改，请刷新后重试。");

    public override IdentityError PasswordMismatch() => Say(base.PasswordMismatch(), "密码不正确。");

    public override IdentityError InvalidToken() => Say(base.InvalidToken(), "凭据无效或已过期。");

    public override IdentityError RecoveryCodeRedemptionFailed() => Say(base.RecoveryCodeRedemptionFailed(), "恢复码无效。");

    public override IdentityError LoginAlreadyAssociated() => Say(base.LoginAlreadyAssociated(), "该外部登录已绑定其他用户。");

    public override IdentityError InvalidUserName(string? userName) => Say(base.InvalidUserName(userName), $"用户名“{userName}”无效，只能包含字母和数字。");

    public override IdentityError InvalidEmail(string? email) => Say(base.InvalidEmail(email), $"邮箱“{email}”格式不正确。");

    public override IdentityError DuplicateUserName(string userName) => Say(base.DuplicateUserName(userName), $"用户名“{userName}”已被使用。");

    public override IdentityError DuplicateEmail(string email) => Say(base.DuplicateEmail(email), $"邮箱“{email}”已被其他用户使用。");

    public override IdentityError InvalidRoleName(string? role) => Say(base.InvalidRoleName(role), $"角色名“{role}”无效。");

    public override IdentityError DuplicateRoleName(string role) => Say(base.DuplicateRoleName(role), $"角色名“{role}”已存在。");

    public override IdentityError UserAlreadyHasPassword() => Say(base.UserAlreadyHasPassword(), "该用户已设置密码。");

    public override IdentityError UserLockoutNotEnabled() => Say(base.UserLockoutNotEnabled(), "该用户未启用锁定。");

    public override IdentityError UserAlreadyInRole(string role) => Say(base.UserAlreadyInRole(role), $"该用户已是“{role}”角色。");

    public override IdentityError UserNotInRole(string role) => Say(base.UserNotInRole(role), $"该用户不是“{role}”角色。");

    public override IdentityError PasswordTooShort(int length) => Say(base.PasswordTooShort(length), $"密码至少{length}个字符。");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Say(base.PasswordRequiresUniqueChars(uniqueChars), $"密码至少包含{uniqueChars}个不同的字符。");

    public override IdentityError PasswordRequiresNonAlphanumeric() => Say(base.PasswordRequiresNonAlphanumeric(), "密码至少包含一个符号（非字母、非数字）。");

    public override IdentityError PasswordRequiresDigit() => Say(base.PasswordRequiresDigit(), "密码至少包含一个数字（0-9）。");

    public override IdentityError PasswordRequiresLower() => Say(base.PasswordRequiresLower(), "密码至少包含一个小写字母（a-z）。");

    public override IdentityError PasswordRequiresUpper() => Say(base.PasswordRequiresUpper(), "密码至少包含一个大写字母（A-Z）。");

    private static IdentityError Say(IdentityError english, string chinese) =>
        new() { Code = english.Code, Description = new Message(english.Description, chinese).Text };
}
