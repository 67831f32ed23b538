using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.CommandLine;

/// <summary>What a new user reads first: the program's help lists every command, each command's help names it.</summary>
public sealed class HelpTests
{
    private static readonly string[] Commands =
        ["dvs", "inspect", "plot", "fashion-mnist", "bench", "bench-imagenet-pipeline", "launch", "collectives-check"];

    [Fact]
    public void The_programs_help_lists_every_command_with_a_line_each()
    {
        using var work = new TempFolder();
        var run = CliRun.Start(work.Path, "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n');
        foreach (var command in Commands)
            Assert.Contains(lines, l => l.TrimStart().StartsWith(command + " ", StringComparison.Ordinal) && l.Trim().Length > command.Length + 10);
        Assert.Contains("--modeltag", run.Stdout);
    }

    [Theory]
    [InlineData("dvs", "gatedlif dvs [options]")]
    [InlineData("inspect", "gatedlif inspect <checkpoint>")]
    [InlineData("plot", "gatedlif plot [options]")]
    [InlineData("launch", "gatedlif launch")]
    public void Each_commands_usage_line_names_it(string command, string usage)
    {
        using var work = new TempFolder();
        var run = CliRun.Start(work.Path, command, "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(usage, run.Stdout);
    }
}
