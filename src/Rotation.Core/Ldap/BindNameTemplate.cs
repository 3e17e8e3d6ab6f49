using System.Text;

namespace Rotator.Rotation.Ldap;

/// <summary>
/// Turns a configured bind name pattern into the name to bind with: <c>{username}@{directoryName}</c> (a UPN, what
/// Active Directory accepts for simple binds) or <c>uid={username},ou=people,dc=example,dc=com</c> (a DN).
/// Placeholders: <c>{username}</c>, <c>{directoryName}</c>, <c>{directoryId}</c>, case-insensitive.
/// </summary>
/// <remarks>
/// A template whose literal text contains <c>=</c> is a DN, and values are escaped as RFC 4514 attribute values
/// there, so a user name with a comma cannot move the bind to another entry. UPN templates take values verbatim.
/// </remarks>
public sealed class BindNameTemplate
{
    private readonly string template;
    private readonly bool isDistinguishedName;

    private BindNameTemplate(string template, bool isDistinguishedName)
    {
        this.template = template;
        this.isDistinguishedName = isDistinguishedName;
    }

    /// <summary>The <c>user@domain</c> form AWS Managed Microsoft AD accepts for its admin.</summary>
    public static BindNameTemplate UserPrincipalName { get; } = Parse("{username}@{directoryName}");

    /// <summary>Validates <paramref name="template"/>; unknown placeholders and stray braces are configuration errors.</summary>
    /// <exception cref="FormatException">The template is malformed.</exception>
    public static BindNameTemplate Parse(string template)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        var literalText = Expand(template, name => Canonical(name) is null
            ? throw new FormatException($"Bind name template '{template}' has an unknown placeholder {{{name}}}; use {{username}}, {{directoryName}} or {{directoryId}}.")
            : string.Empty);
        return new BindNameTemplate(template, literalText.Contains('=', StringComparison.Ordinal));
    }

    /// <exception cref="InvalidOperationException">The template uses a value that <paramref name="values"/> lacks.</exception>
    public string Render(BindNameValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Expand(template, name =>
        {
            var canonical = Canonical(name)!;
            var value = canonical switch
            {
                "username" => values.UserName,
                "directoryName" => values.DirectoryName,
                _ => values.DirectoryId,
            };
            if (string.IsNullOrEmpty(value))
            {
                throw new InvalidOperationException($"Bind name template '{template}' needs {{{canonical}}}, which is not known here.");
            }

            return isDistinguishedName ? EscapeDnValue(value) : value;
        });
    }

    public override string ToString() => template;

    private static string? Canonical(string name) => name.ToUpperInvariant() switch
    {
        "USERNAME" => "username",
        "DIRECTORYNAME" => "directoryName",
        "DIRECTORYID" => "directoryId",
        _ => null,
    };

    private static string Expand(string template, Func<string, string> placeholder)
    {
        var result = new StringBuilder(template.Length + 32);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{')
            {
                var close = template.IndexOf('}', i + 1);
                if (close < 0)
                {
                    throw new FormatException($"Bind name template '{template}' has an unclosed '{{'.");
                }

                result.Append(placeholder(template[(i + 1)..close]));
                i = close;
            }
            else if (c == '}')
            {
                throw new FormatException($"Bind name template '{template}' has a '}}' without '{{'.");
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static string EscapeDnValue(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                escaped.Append("\\00");
            }
            else if (c is '"' or '+' or ',' or ';' or '<' or '>' or '\\' or '='
                || (c == '#' && i == 0)
                || (c == ' ' && (i == 0 || i == value.Length - 1)))
            {
                escaped.Append('\\').Append(c);
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
