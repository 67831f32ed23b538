using System.CommandLine;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.CommandLine;

/// <summary>What a new user reads first: the program's help lists every command, each command's help names it
/// after the program's name (in-process, the test host's; the program itself says gatedlif).</summary>
public sealed class HelpTests
{
    private static readonly string[] Commands =
    [
        "dvs",
        "inspect",
        "plot",
        "fashion-mnist",
        "bench",
        "bench-imagenet-pipeline",
        "launch",
        "collectives-check",
    ];

    [Fact]
    public void The_programs_help_lists_every_command_with_a_line_each()
    {
        var run = CliRun.InProcess("--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n');
        foreach (var command in Commands)
            Assert.Contains(lines, l =>
                l.TrimStart().StartsWith(command + " ", StringComparison.Ordinal)
                && l.Trim().Length > command.Length + 10
            );
        Assert.Contains("--modeltag", run.Stdout);
    }

    [Theory]
    [InlineData("dvs", "dvs [options]")]
    [InlineData("inspect", "inspect <checkpoint>")]
    [InlineData("plot", "plot [options]")]
    [InlineData("launch", "launch")]
    public void Each_commands_usage_line_names_it(string command, string usage)
    {
        var run = CliRun.InProcess(command, "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"{RootCommand.ExecutableName} {usage}", run.Stdout);
    }

    /// <summary>The program's name comes from the executable that runs, so this one needs the program's
    /// process.</summary>
    [Fact]
    public void The_usage_line_names_the_program_gatedlif()
    {
        using var work = new TempFolder();
        var run = CliRun.Start(work.Path, "dvs", "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("gatedlif dvs [options]", run.Stdout);
    }
}
