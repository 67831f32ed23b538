using GatedLif.Checkpoints;
using GatedLif.Tests.TestSupport;
using GatedLif.Training.Checkpointing;

namespace GatedLif.Tests.Core.Training.Checkpointing;

public sealed class CheckpointNamesTests
{
    [Fact]
    public void Names_follow_the_reference_and_resume_tries_the_highest_epoch_first()
    {
        Assert.Equal("SNN-checkpoint-000007.pth.tar", CheckpointNames.FileName("SNN", 7));
        Assert.Equal("SNN-checkpoint--00001.pth.tar", CheckpointNames.FileName("SNN", -1));
        using var folder = new TempFolder();
        foreach (
            var name in new[]
            {
                "SNN-checkpoint-000003.pth.tar",
                "SNN-checkpoint-000020.pth.tar",
                "other-checkpoint-000030.pth.tar",
                "SNN-checkpoint-000040.pth.tar.tmp-1-abc",
            }
        )
            File.WriteAllText(folder.File(name), "");
        File.WriteAllText(folder.File("resume", "SNN-checkpoint-000025.pth.tar"), "");
        File.WriteAllText(folder.File("resume", "SNN-checkpoint-000020.pth.tar"), "");
        Assert.Equal(
            [
                Path.Combine("resume", "SNN-checkpoint-000025.pth.tar"),
                Path.Combine("resume", "SNN-checkpoint-000020.pth.tar"),
                "SNN-checkpoint-000020.pth.tar",
                "SNN-checkpoint-000003.pth.tar",
            ],
            CheckpointNames.ResumeCandidates(folder.Path, "SNN").Select(p => Path.GetRelativePath(folder.Path, p))
        );
        Assert.Empty(CheckpointNames.ResumeCandidates(folder.Path, "absent"));
        // --eval keeps the reference's rule among the files of the folder itself, ignoring temporary files.
        Assert.EndsWith("SNN-checkpoint-000020.pth.tar", CheckpointLocator.Find(folder.Path, "SNN"));
    }
}
