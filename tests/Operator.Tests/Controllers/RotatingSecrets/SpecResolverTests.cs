using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Passwords;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Operator.Tests.Controllers.RotatingSecrets;

/// <summary>What the schema lets through but the operator must refuse, and the defaults a user gets for what they leave out.</summary>
public sealed class SpecResolverTests
{
    [Theory]
    [InlineData(RotationStrategy.MySQLSingleUser, true, RestartWhen.AnyChange)]
    [InlineData(RotationStrategy.MySQLAlternatingUsers, true, RestartWhen.UsernameChange)]
    [InlineData(RotationStrategy.DirectoryServiceAdmin, true, RestartWhen.AnyChange)]
    [InlineData(RotationStrategy.RandomValue, true, RestartWhen.AnyChange)]
    [InlineData(RotationStrategy.AwsManaged, false, RestartWhen.AnyChange)]
    [InlineData(RotationStrategy.None, false, RestartWhen.AnyChange)]
    public void A_minimal_spec_of_each_strategy_resolves_with_the_documented_defaults(RotationStrategy strategy, bool rotatesItself, RestartWhen restartWhen)
    {
        var spec = SpecResolver.Resolve(Specimens.Resource(strategy), Specimens.DefaultRefresh);

        spec.Strategy.Should().Be(strategy);
        spec.SecretId.Should().Be(Specimens.SecretId);
        spec.RotatesItself.Should().Be(rotatesItself);
        spec.RestartWhen.Should().Be(restartWhen, "only alternating users changes the user name consumers log in with");
        spec.Schedule.Should().BeNull("without a schedule a secret rotates only on request");
        spec.RotateOnCreate.Should().BeFalse();
        spec.Suspend.Should().BeFalse();
        spec.RefreshInterval.Should().Be(Specimens.DefaultRefresh);
        spec.TargetName.Should().Be(Specimens.Name, "the Secret is named after the resource by default");
        spec.DeletionPolicy.Should().Be(DeletionPolicy.Delete);
        spec.WaitForRollout.Should().BeTrue();
        spec.ReferencedSecretIds.Should().Equal(Specimens.SecretId);
    }

    [Fact]
    public void MySql_single_user_carries_tls_and_dual_password_into_the_rotation_settings()
    {
        var spec = Resolve(new RotationSpec
        {
            Strategy = RotationStrategy.MySQLSingleUser,
            Mysql = new MySqlSpec { Tls = TlsMode.VerifyFull, DualPassword = true },
        });

        var mysql = spec.Settings.Should().BeOfType<MySqlRotationSettings>().Which;
        mysql.Strategy.Should().Be("MySQLSingleUser");
        mysql.Alternating.Should().BeFalse();
        mysql.Tls.Should().Be(DatabaseTlsMode.VerifyFull);
        mysql.DualPassword.Should().BeTrue();
        mysql.MasterSecretId.Should().BeNull();
    }

    [Fact]
    public void MySql_alternating_users_names_the_admin_secret_among_the_ids_tenancy_checks()
    {
        var spec = Resolve(new RotationSpec
        {
            Strategy = RotationStrategy.MySQLAlternatingUsers,
            Mysql = new MySqlSpec { MasterSecretId = "shop/db-admin" },
        });

        var mysql = spec.Settings.Should().BeOfType<MySqlRotationSettings>().Which;
        mysql.Alternating.Should().BeTrue();
        mysql.MasterSecretId.Should().Be("shop/db-admin");
        spec.ReferencedSecretIds.Should().Equal(Specimens.SecretId, "shop/db-admin");
    }

    [Fact]
    public void An_empty_admin_secret_id_falls_back_to_the_secrets_masterarn_and_is_not_checked_as_an_id()
    {
        var spec = Resolve(new RotationSpec { Strategy = RotationStrategy.MySQLAlternatingUsers, Mysql = new MySqlSpec { MasterSecretId = "" } });

        spec.ReferencedSecretIds.Should().Equal(Specimens.SecretId);
    }

    [Fact]
    public void Directory_service_carries_the_directory_and_how_to_verify_the_new_password()
    {
        var spec = Resolve(new RotationSpec
        {
            Strategy = RotationStrategy.DirectoryServiceAdmin,
            DirectoryService = new DirectoryServiceSpec
            {
                DirectoryId = "d-0123456789",
                Verify = new DirectoryVerifySpec { Url = "ldaps://dc.corp.example:636", BindDn = "CN={username},CN=Users,DC=corp,DC=example" },
            },
        });

        var directory = spec.Settings.Should().BeOfType<DirectoryServiceRotationSettings>().Which;
        directory.DirectoryId.Should().Be("d-0123456789");
        directory.VerifyUrls.Should().Equal("ldaps://dc.corp.example:636");
        directory.BindDn.Should().Be("CN={username},CN=Users,DC=corp,DC=example");
        directory.PlainLdap.Should().BeFalse("TLS, verified, unless the resource asks for plain LDAP");
        directory.CaFile.Should().BeNull("the system's CAs decide unless the operator was given a CA file");
    }

    [Fact]
    public void The_operators_ldap_ca_file_reaches_the_strategy_and_only_it()
    {
        var resource = Specimens.Resource(new RotationSpec
        {
            Strategy = RotationStrategy.DirectoryServiceAdmin,
            DirectoryService = new DirectoryServiceSpec { Verify = new DirectoryVerifySpec { Url = "ldap://dc.corp.example" } },
        });

        var spec = SpecResolver.Resolve(resource, Specimens.DefaultRefresh, new OperatorCaFiles("/ca/mysql.pem", "/ca/postgresql.pem", "/etc/rotator-ldap-ca/ca.crt"));

        var directory = spec.Settings.Should().BeOfType<DirectoryServiceRotationSettings>().Which;
        directory.PlainLdap.Should().BeFalse("an ldap:// url is upgraded with StartTLS unless tls is Disabled");
        directory.CaFile.Should().Be("/etc/rotator-ldap-ca/ca.crt", "each CA file serves its own strategies");
    }

    [Fact]
    public void Plain_ldap_is_only_what_tls_Disabled_asks_for()
    {
        var resource = Specimens.Resource(new RotationSpec
        {
            Strategy = RotationStrategy.DirectoryServiceAdmin,
            DirectoryService = new DirectoryServiceSpec { Verify = new DirectoryVerifySpec { Url = "ldap://dc.corp.example", Tls = TlsMode.Disabled } },
        });

        var spec = SpecResolver.Resolve(resource, Specimens.DefaultRefresh, new OperatorCaFiles(Ldap: "/etc/rotator-ldap-ca/ca.crt"));

        spec.Settings.Should().BeOfType<DirectoryServiceRotationSettings>().Which.PlainLdap.Should().BeTrue();
    }

    [Fact]
    public void Random_value_carries_the_field_to_regenerate()
    {
        var spec = Resolve(new RotationSpec { Strategy = RotationStrategy.RandomValue, RandomValue = new RandomValueSpec { Field = "apiKey" } });

        var random = spec.Settings.Should().BeOfType<RandomValueSettings>().Which;
        random.Field.Should().Be("apiKey");
        random.BinaryLength.Should().BeNull();
    }

    [Fact]
    public void Random_value_carries_the_binary_length()
    {
        var spec = Resolve(new RotationSpec { Strategy = RotationStrategy.RandomValue, RandomValue = new RandomValueSpec { BinaryLength = 512 } });

        var random = spec.Settings.Should().BeOfType<RandomValueSettings>().Which;
        random.BinaryLength.Should().Be(512);
        random.Field.Should().BeNull();
    }

    [Fact]
    public void PostgreSql_carries_tls_the_admin_secret_and_the_operators_ca_file_never_mysqls()
    {
        var resource = Specimens.Resource(new RotationSpec
        {
            Strategy = RotationStrategy.PostgreSQLAlternatingUsers,
            Postgresql = new PostgreSqlSpec { Tls = TlsMode.VerifyCA, MasterSecretId = "shop/pg-admin" },
        });

        var spec = SpecResolver.Resolve(resource, Specimens.DefaultRefresh, new OperatorCaFiles("/ca/mysql.pem", "/ca/postgresql.pem"));

        var postgres = spec.Settings.Should().BeOfType<PostgreSqlRotationSettings>().Which;
        postgres.Strategy.Should().Be("PostgreSQLAlternatingUsers");
        postgres.Alternating.Should().BeTrue();
        postgres.Tls.Should().Be(DatabaseTlsMode.VerifyCA);
        postgres.CaFile.Should().Be("/ca/postgresql.pem");
        spec.ReferencedSecretIds.Should().Equal(Specimens.SecretId, "shop/pg-admin");
    }

    [Fact]
    public void Strategies_the_operator_does_not_drive_have_no_settings()
    {
        Resolve(new RotationSpec { Strategy = RotationStrategy.AwsManaged }).Settings.Should().BeNull();
        Resolve(new RotationSpec { Strategy = RotationStrategy.None }).Settings.Should().BeNull();
    }

    [Fact]
    public void Target_restart_and_refresh_settings_override_the_defaults()
    {
        var resource = Specimens.Resource(
            new RotationSpec { Strategy = RotationStrategy.MySQLAlternatingUsers, RotateOnCreate = true, Suspend = true },
            spec: s => s with
            {
                Target = new TargetSpec { Name = "orders-db-credentials", DeletionPolicy = DeletionPolicy.Retain },
                Restart = new RestartSpec { When = RestartWhen.Never, WaitForRollout = false },
                RefreshInterval = "1m30s",
            });

        var spec = SpecResolver.Resolve(resource, Specimens.DefaultRefresh);

        spec.TargetName.Should().Be("orders-db-credentials");
        spec.DeletionPolicy.Should().Be(DeletionPolicy.Retain);
        spec.RestartWhen.Should().Be(RestartWhen.Never);
        spec.WaitForRollout.Should().BeFalse();
        spec.RefreshInterval.Should().Be(TimeSpan.FromSeconds(90));
        spec.RotateOnCreate.Should().BeTrue();
        spec.Suspend.Should().BeTrue();
    }

    [Fact]
    public void A_rate_schedule_resolves_to_its_interval()
    {
        var spec = Resolve(new RotationSpec { Strategy = RotationStrategy.RandomValue, Schedule = "rate(30 days)" });

        spec.Schedule!.Rate!.Interval.Should().Be(TimeSpan.FromDays(30));
        spec.Schedule.Window.Should().BeNull();
    }

    [Fact]
    public void A_cron_schedule_with_a_window_resolves_to_both()
    {
        var spec = Resolve(new RotationSpec { Strategy = RotationStrategy.RandomValue, Schedule = "cron(0 4 ? * SUN *)", Window = "2h" });

        spec.Schedule!.Cron.Should().NotBeNull();
        spec.Schedule.Window.Should().Be(TimeSpan.FromHours(2));
        var sunday4am = new DateTimeOffset(2025, 6, 1, 4, 0, 0, TimeSpan.Zero);
        spec.Schedule.NextOccurrence(sunday4am.AddDays(-3), sunday4am.AddDays(-1)).Should().Be(sunday4am);
    }

    [Fact]
    public void MySql_strategies_exclude_the_characters_that_break_connection_strings_by_default()
    {
        var mysql = Resolve(new RotationSpec { Strategy = RotationStrategy.MySQLSingleUser });
        var random = Resolve(new RotationSpec { Strategy = RotationStrategy.RandomValue });

        mysql.Password.Should().Be(PasswordPolicy.MySqlDefault);
        mysql.Password.ExcludeCharacters.Should().Contain("@").And.Contain("/").And.Contain("'");
        random.Password.Should().Be(PasswordPolicy.Default);
    }

    [Fact]
    public void A_password_block_overrides_only_the_fields_it_sets()
    {
        var spec = Resolve(new RotationSpec
        {
            Strategy = RotationStrategy.MySQLSingleUser,
            Password = new PasswordSpec { Length = 64, ExcludePunctuation = true },
        });

        spec.Password.PasswordLength.Should().Be(64);
        spec.Password.ExcludePunctuation.Should().BeTrue();
        spec.Password.ExcludeCharacters.Should().Be(PasswordPolicy.MySqlExcludeCharacters, "an unset field keeps the strategy's default");
        spec.Password.RequireEachIncludedType.Should().BeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_secret_id_is_refused(string secretId)
    {
        var resolve = () => SpecResolver.Resolve(
            Specimens.Resource(new RotationSpec { Strategy = RotationStrategy.RandomValue }, spec: s => s with { SecretId = secretId }),
            Specimens.DefaultRefresh);

        resolve.Should().Throw<InvalidSpecException>().Which.Message.Should().StartWith("spec.secretId ");
    }

    public static TheoryData<RotationSpec, string> SectionsThatDoNotFit => new()
    {
        { new RotationSpec { Strategy = RotationStrategy.RandomValue, Mysql = new MySqlSpec() }, "spec.rotation.mysql applies only to the MySQL strategies, not RandomValue" },
        { new RotationSpec { Strategy = RotationStrategy.AwsManaged, Mysql = new MySqlSpec { Tls = TlsMode.Required } }, "spec.rotation.mysql applies" },
        { new RotationSpec { Strategy = RotationStrategy.MySQLSingleUser, DirectoryService = new DirectoryServiceSpec() }, "spec.rotation.directoryService applies only to DirectoryServiceAdmin, not MySQLSingleUser" },
        { new RotationSpec { Strategy = RotationStrategy.None, RandomValue = new RandomValueSpec { Field = "k" } }, "spec.rotation.randomValue applies only to RandomValue, not None" },
        { new RotationSpec { Strategy = RotationStrategy.MySQLAlternatingUsers, Mysql = new MySqlSpec { DualPassword = true } }, "spec.rotation.mysql.dualPassword applies only to MySQLSingleUser" },
        { new RotationSpec { Strategy = RotationStrategy.MySQLSingleUser, Mysql = new MySqlSpec { MasterSecretId = "shop/db-admin" } }, "spec.rotation.mysql.masterSecretId applies only to MySQLAlternatingUsers" },
        { new RotationSpec { Strategy = RotationStrategy.RandomValue, Window = "2h" }, "spec.rotation.window needs spec.rotation.schedule" },
        {
            new RotationSpec
            {
                Strategy = RotationStrategy.DirectoryServiceAdmin,
                DirectoryService = new DirectoryServiceSpec { Verify = new DirectoryVerifySpec { Url = "LDAPS://dc.corp.example", Tls = TlsMode.Disabled } },
            },
            "spec.rotation.directoryService.verify.tls is Disabled (plain LDAP), but the url is ldaps://"
        },
        {
            new RotationSpec
            {
                Strategy = RotationStrategy.DirectoryServiceAdmin,
                DirectoryService = new DirectoryServiceSpec { Verify = new DirectoryVerifySpec { Url = "ldaps://dc.corp.example", Tls = TlsMode.Required } },
            },
            "spec.rotation.directoryService.verify.tls is VerifyFull (TLS, the default) or Disabled (plain LDAP), not Required"
        },
        { new RotationSpec { Strategy = RotationStrategy.RandomValue, RandomValue = new RandomValueSpec { Field = "k", BinaryLength = 32 } }, "spec.rotation.randomValue.field and spec.rotation.randomValue.binaryLength exclude each other" },
    };

    [Theory]
    [MemberData(nameof(SectionsThatDoNotFit))]
    public void A_section_that_does_not_fit_the_strategy_is_refused_naming_the_field(RotationSpec rotation, string message)
    {
        var resolve = () => Resolve(rotation);

        resolve.Should().Throw<InvalidSpecException>().Which.Message.Should().StartWith(message);
    }

    [Theory]
    [InlineData("rate(1 days)", null, "spec.rotation.schedule: ")]
    [InlineData("rate(1001 days)", null, "spec.rotation.schedule: ")]
    [InlineData("cron(0 25 * * ? *)", null, "spec.rotation.schedule: ")]
    [InlineData("cron(0 4 * * MON *)", null, "spec.rotation.schedule: ")]
    [InlineData("rate(1 day)", "90s", "spec.rotation.window: ")]
    [InlineData("rate(1 day)", "0m", "spec.rotation.window: ")]
    [InlineData("rate(1 day)", "24001h", "spec.rotation.window: ")]
    public void A_schedule_or_window_the_pattern_admits_but_aws_would_not_is_refused_naming_which(string schedule, string? window, string prefix)
    {
        var resolve = () => Resolve(new RotationSpec { Strategy = RotationStrategy.RandomValue, Schedule = schedule, Window = window });

        resolve.Should().Throw<InvalidSpecException>().Which.Message.Should().StartWith(prefix);
    }

    [Theory]
    [InlineData("5s", "spec.refreshInterval 5s is shorter than the minimum of 10s")]
    [InlineData("9999ms", "spec.refreshInterval 9999ms is shorter than the minimum of 10s")]
    [InlineData("soon", "spec.refreshInterval 'soon' is not a duration")]
    [InlineData("0s", "spec.refreshInterval '0s' is not a duration")]
    public void A_refresh_interval_below_ten_seconds_or_not_a_duration_is_refused(string refreshInterval, string message)
    {
        var resolve = () => SpecResolver.Resolve(
            Specimens.Resource(new RotationSpec { Strategy = RotationStrategy.None }, spec: s => s with { RefreshInterval = refreshInterval }),
            Specimens.DefaultRefresh);

        resolve.Should().Throw<InvalidSpecException>().Which.Message.Should().StartWith(message);
    }

    [Fact]
    public void Exactly_ten_seconds_is_the_shortest_refresh_interval_accepted()
    {
        var spec = SpecResolver.Resolve(
            Specimens.Resource(new RotationSpec { Strategy = RotationStrategy.None }, spec: s => s with { RefreshInterval = "10s" }),
            Specimens.DefaultRefresh);

        spec.RefreshInterval.Should().Be(SpecResolver.MinRefreshInterval);
    }

    public static TheoryData<PasswordSpec> UnsatisfiablePasswords => new()
    {
        new PasswordSpec { Length = 3 },
        new PasswordSpec { ExcludeLowercase = true, ExcludeUppercase = true, ExcludeNumbers = true, ExcludePunctuation = true },
        new PasswordSpec { ExcludeCharacters = "0123456789" },
    };

    [Theory]
    [MemberData(nameof(UnsatisfiablePasswords))]
    public void A_password_policy_no_password_can_meet_is_refused_before_any_rotation(PasswordSpec password)
    {
        var resolve = () => Resolve(new RotationSpec { Strategy = RotationStrategy.RandomValue, Password = password });

        resolve.Should().Throw<InvalidSpecException>().Which.Message.Should().StartWith("spec.rotation.password: ");
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"a"},"spec":null}""", "spec is required")]
    [InlineData("""{"metadata":{"name":"a"},"spec":{"secretId":"ns/a","rotation":null}}""", "spec.rotation is required")]
    [InlineData("""{"metadata":{"name":"a"},"spec":{"secretId":"ns/a","rotation":{"strategy":99}}}""", "spec.rotation.strategy")]
    public void A_resource_whose_JSON_bypassed_the_schema_is_InvalidSpec_not_a_crash(string json, string message)
    {
        var resource = System.Text.Json.JsonSerializer.Deserialize(json, ResourcesJsonContext.Default.RotatingSecret)!;

        var resolve = () => SpecResolver.Resolve(resource, Specimens.DefaultRefresh);

        resolve.Should().Throw<InvalidSpecException>().WithMessage($"*{message}*");
    }

    private static ResolvedSpec Resolve(RotationSpec rotation) => SpecResolver.Resolve(Specimens.Resource(rotation), Specimens.DefaultRefresh);
}
