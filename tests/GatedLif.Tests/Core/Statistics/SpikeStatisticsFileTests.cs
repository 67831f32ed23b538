using GatedLif.Files;
using GatedLif.Neurons;
using GatedLif.Statistics;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Core.Statistics;

/// <summary>The JSON form of a report: read back equal, written atomically, and a wrong file named in the
/// error.</summary>
public sealed class SpikeStatisticsFileTests
{
    [Fact]
    public void A_report_reads_back_as_written()
    {
        using var work = new TempFolder();
        var report = HandCountedNet.CountedReport();
        var path = work.File("run", SpikeStatisticsFile.FileName);
        SpikeStatisticsFile.Write(path, report);

        var read = SpikeStatisticsFile.Read(path);
        Assert.Equal(SpikeStatisticsTable.Format(report), SpikeStatisticsTable.Format(read));
        Assert.Equal(report.Layers[1].Neurons!.SpikesPerStep, read.Layers[1].Neurons!.SpikesPerStep);
        Assert.Equal(UpdateOperations.PlainLif, read.Layers[1].Neurons!.Update);
        Assert.Equal(EnergyModel.Horowitz45nm, read.Energy);
        Assert.Equal(
            [SpikeStatisticsFile.FileName],
            Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName)
        );

        // The documented field names (docs/articles/spike-statistics.md).
        var text = File.ReadAllText(path);
        foreach (
            var field in new[]
            {
                "\"format\": \"gatedlif-spike-stats-1\"",
                "\"samples\": 2",
                "\"time_steps\": 2",
                "\"mac_pj\": 4.6",
                "\"ac_pj\": 0.9",
                "\"layer\": \"lif1\"",
                "\"kind\": \"LIF\"",
                "\"firing_rate\"",
                "\"spikes_per_step\"",
                "\"never_fired\"",
                "\"always_fired\"",
                "\"update\"",
                "\"ann_macs\"",
                "\"sops\"",
                "\"macs\"",
                "\"spike_input\"",
                "\"snn_energy_pj\"",
                "\"ann_energy_pj\"",
                "\"neuron_updates\"",
                "\"neuron_energy_pj\"",
                "\"plain_lif_neuron_energy_pj\"",
            }
        )
            Assert.Contains(field, text);
    }

    [Fact]
    public void A_file_of_another_kind_is_an_error_naming_it()
    {
        using var work = new TempFolder();
        var notJson = work.File("a.json");
        File.WriteAllText(notJson, "{ not json");
        Assert.Contains(notJson, Assert.Throws<InvalidDataException>(() => SpikeStatisticsFile.Read(notJson)).Message);

        var otherFormat = work.File("b.json");
        File.WriteAllText(otherFormat, "{\"format\": \"gatedlif-glif-params-1\", \"modeltag\": \"x\", \"epochs\": []}");
        var error = Assert.Throws<InvalidDataException>(() => SpikeStatisticsFile.Read(otherFormat));
        Assert.Contains(otherFormat, error.Message);

        var truncated = work.File("c.json");
        SpikeStatisticsFile.Write(truncated, HandCountedNet.CountedReport());
        File.WriteAllText(truncated, File.ReadAllText(truncated)[..200]);
        Assert.Contains(
            truncated,
            Assert.Throws<InvalidDataException>(() => SpikeStatisticsFile.Read(truncated)).Message
        );
    }

    [Fact]
    public void A_failed_write_leaves_the_previous_file()
    {
        using var work = new TempFolder();
        var path = work.File(SpikeStatisticsFile.FileName);
        var report = HandCountedNet.CountedReport();
        SpikeStatisticsFile.Write(path, report);
        var before = File.ReadAllText(path);
        var broken = report with { Energy = new EnergyModel(double.NaN, 0.9) };
        Assert.ThrowsAny<Exception>(() => SpikeStatisticsFile.Write(path, broken));
        Assert.Equal(before, File.ReadAllText(path));
        Assert.DoesNotContain(Directory.GetFiles(work.Path), AtomicFile.IsTemporary);
    }
}
