using FluentAssertions;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.ArgoCd;

/// <summary>A machine without Lua must not turn the Argo CD tests green by skipping them in CI.</summary>
public sealed class LuaAvailabilityTests
{
    [Fact]
    public async Task A_missing_interpreter_is_a_failure_under_ci()
    {
        var problem = await ArgoLua.ProblemWithAsync("lua5.1-not-installed");
        problem.Should().Be("lua5.1-not-installed is not on PATH");

        // With ci: true, Unavailable returns the exception to throw instead of skipping.
        var failure = ArgoLua.Unavailable(problem!, ci: true);
        failure.Message.Should().Contain("lua5.1 and lua-cjson").And.Contain("hack/testbed.sh install").And.Contain(problem);
    }

    [Fact]
    public async Task The_interpreter_the_tests_use_runs_with_lua_cjson()
    {
        var problem = await ArgoLua.ProblemWithAsync(ArgoLua.Interpreter);
        if (problem is not null)
        {
            throw ArgoLua.Unavailable(problem, TestbedFixture.IsCi);
        }
    }
}
