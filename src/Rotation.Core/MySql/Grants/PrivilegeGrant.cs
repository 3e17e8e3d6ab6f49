namespace Rotator.Rotation.MySql.Grants;

/// <summary>
/// One privilege on one object as SHOW GRANTS prints it, e.g. <c>SELECT</c> on <c>`db`.*</c>, or <c>SELECT (`col`)</c>
/// on <c>`db`.`t`</c>. Texts are the server's own, so two accounts on the same server compare by plain equality.
/// </summary>
/// <param name="Object">What the privilege is on: <c>*.*</c>, <c>`db`.*</c>, <c>PROCEDURE `db`.`p`</c>, <c>``@`%`</c> (PROXY).</param>
/// <param name="Privilege">The privilege name, e.g. <c>SELECT</c>, <c>CREATE TEMPORARY TABLES</c>, <c>SYSTEM_VARIABLES_ADMIN</c>;
/// <c>USAGE</c> only to carry a grant option on an object with no privileges.</param>
/// <param name="Column">The quoted column for a column privilege, else null.</param>
/// <param name="GrantOption">Whether it was granted WITH GRANT OPTION.</param>
internal readonly record struct PrivilegeGrant(string Object, string Privilege, string? Column, bool GrantOption)
{
    public const string Usage = "USAGE";

    public override string ToString() =>
        $"{Privilege}{(Column is null ? "" : $" ({Column})")} ON {Object}{(GrantOption ? " WITH GRANT OPTION" : "")}";
}
