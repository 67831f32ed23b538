using GatedLif.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Datasets;

/// <summary>Every way a dataset on disk can be wrong gives one <see cref="DatasetException"/> naming the file or
/// folder.</summary>
public sealed class CifarDatasetErrorTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    private string TestBatch => root.File("cifar-10-batches-py", "test_batch");

    private DatasetException OpenFails(
        CifarVariant variant = CifarVariant.Cifar10,
        CifarSplit split = CifarSplit.Test,
        string? path = null
    ) => Assert.Throws<DatasetException>(() => CifarDataset.Open(path ?? root.Path, variant, split));

    [Fact]
    public void Missing_dataset_path_names_it_and_both_layout_folders()
    {
        string missing = Path.Combine(root.Path, "nowhere");

        var error = OpenFails(path: missing);

        Assert.Equal(
            $"CIFAR-10 not found: looked for '{missing}/cifar-10-batches-py' (python layout) and "
                + $"'{missing}/cifar-10-batches-bin' (binary layout); the dataset path '{missing}' does not exist.",
            error.Message
        );
    }

    [Fact]
    public void Dataset_path_without_either_layout_names_both_folders()
    {
        var error = OpenFails(CifarVariant.Cifar100);

        Assert.Equal(
            $"CIFAR-100 not found: looked for '{root.Path}/cifar-100-python' (python layout) and "
                + $"'{root.Path}/cifar-100-binary' (binary layout) under the dataset path '{root.Path}'.",
            error.Message
        );
    }

    [Fact]
    public void Empty_dataset_path_is_reported()
    {
        var error = OpenFails(path: " ");

        Assert.Equal("No dataset path given for CIFAR-10.", error.Message);
    }

    [Fact]
    public void Pointing_at_the_layout_folder_itself_suggests_its_parent()
    {
        string folder = Path.Combine(root.Path, "cifar-10-batches-py");
        Directory.CreateDirectory(folder);

        var error = OpenFails(path: folder);

        Assert.Contains(
            $"'{folder}' is itself a CIFAR-10 folder, so pass its parent folder as the dataset path.",
            error.Message
        );
    }

    [Fact]
    public void Missing_train_files_are_all_named()
    {
        CifarPythonWriter.Write(
            Path.Combine(root.Path, "cifar-10-batches-py"),
            "data_batch_1",
            CifarFixtures.Images(1),
            [0]
        );

        var error = OpenFails(split: CifarSplit.Train);

        string folder = Path.Combine(root.Path, "cifar-10-batches-py");
        Assert.Equal(
            $"CIFAR-10 train split is incomplete: missing '{folder}/data_batch_2', '{folder}/data_batch_3', "
                + $"'{folder}/data_batch_4', '{folder}/data_batch_5'.",
            error.Message
        );
    }

    [Fact]
    public void Missing_test_file_is_named_in_every_layout_present()
    {
        Directory.CreateDirectory(Path.Combine(root.Path, "cifar-10-batches-py"));
        Directory.CreateDirectory(Path.Combine(root.Path, "cifar-10-batches-bin"));

        var error = OpenFails();

        Assert.Equal(
            $"CIFAR-10 test split is incomplete: missing '{root.Path}/cifar-10-batches-py/test_batch', "
                + $"'{root.Path}/cifar-10-batches-bin/test_batch.bin'.",
            error.Message
        );
    }

    [Fact]
    public void Truncated_pickle_is_reported()
    {
        string path = CifarPythonWriter.Write(
            Path.Combine(root.Path, "cifar-10-batches-py"),
            "test_batch",
            CifarFixtures.Images(2),
            [1, 2]
        );
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..5000]);

        var error = OpenFails();

        Assert.Equal(
            $"'{path}' is truncated: its pickle stops after 5000 bytes without the final STOP opcode.",
            error.Message
        );
    }

    [Fact]
    public void Text_file_is_not_a_pickle()
    {
        File.WriteAllText(TestBatch, "<html>404 Not Found</html>");

        var error = OpenFails();

        Assert.Equal(
            $"'{TestBatch}' is not a Python pickle (it starts with 0x3C, not the protocol marker 0x80).",
            error.Message
        );
    }

    [Fact]
    public void Empty_pickle_file_is_reported()
    {
        File.WriteAllBytes(TestBatch, []);

        var error = OpenFails();

        Assert.Equal($"'{TestBatch}' is empty.", error.Message);
    }

    [Fact]
    public void Corrupt_pickle_is_reported_with_the_screens_reason()
    {
        File.WriteAllBytes(TestBatch, [0x80, 2, 0xFF, (byte)'.']);

        var error = OpenFails();

        Assert.Equal(
            $"'{TestBatch}' is refused: the pickle holds 0xFF at byte 2, which is no pickle opcode.",
            error.Message
        );
    }

    [Fact]
    public void Pickle_that_is_not_a_dict_is_reported()
    {
        File.WriteAllBytes(TestBatch, new PickleBuilder().Proto2().IntList([1, 2]).Op('.').ToArray());

        var error = OpenFails();

        Assert.Equal($"'{TestBatch}' holds a pickled list, expected a dict with 'data' and 'labels'.", error.Message);
    }

    [Fact]
    public void Missing_data_entry_is_reported()
    {
        File.WriteAllBytes(
            TestBatch,
            new PickleBuilder().Proto2().Op('}').Text("labels").IntList([1]).Op('s').Op('.').ToArray()
        );

        var error = OpenFails();

        Assert.Equal($"'{TestBatch}' has no 'data' entry (keys: labels).", error.Message);
    }

    [Fact]
    public void Data_that_is_not_a_whole_number_of_images_is_reported()
    {
        File.WriteAllBytes(
            TestBatch,
            PickleBuilder.CifarBatch(new byte[921_000], [300, 3070], Enumerable.Repeat(0, 300))
        );

        var error = OpenFails();

        Assert.Equal(
            $"'{TestBatch}': data holds 921000 bytes, expected a multiple of 3072 (N images of 3x32x32 bytes).",
            error.Message
        );
    }

    [Fact]
    public void Array_buffer_shorter_than_its_shape_is_reported()
    {
        File.WriteAllBytes(TestBatch, PickleBuilder.CifarBatch(new byte[3072], [2, 3072], [0, 0]));

        var error = OpenFails();

        Assert.Equal(
            $"'{TestBatch}': 'data' has shape [2, 3072] (6144 bytes) but its buffer holds 3072 bytes.",
            error.Message
        );
    }

    [Fact]
    public void Data_other_than_uint8_is_reported()
    {
        File.WriteAllBytes(TestBatch, PickleBuilder.CifarBatch(new byte[8 * 3072], [1, 3072], [0], dtype: "i8"));

        var error = OpenFails();

        Assert.Equal($"'{TestBatch}': 'data' has numpy dtype 'i8', expected uint8 ('u1').", error.Message);
    }

    [Fact]
    public void Label_count_different_from_image_count_is_reported()
    {
        File.WriteAllBytes(TestBatch, PickleBuilder.CifarBatch(CifarFixtures.Images(3), [3, 3072], [1, 2]));

        var error = OpenFails();

        Assert.Equal($"'{TestBatch}': 'labels' holds 2 labels but 'data' holds 3 images.", error.Message);
    }

    [Fact]
    public void Missing_labels_are_reported()
    {
        File.WriteAllBytes(
            TestBatch,
            PickleBuilder.CifarBatch(CifarFixtures.Images(1), [1, 3072], [1], labelsKey: "coarse_labels")
        );

        var error = OpenFails();

        Assert.Equal(
            $"'{TestBatch}' has neither 'labels' nor 'fine_labels' (keys: batch_label, coarse_labels, data).",
            error.Message
        );
    }

    [Fact]
    public void CIFAR10_label_out_of_range_is_reported()
    {
        File.WriteAllBytes(TestBatch, PickleBuilder.CifarBatch(CifarFixtures.Images(2), [2, 3072], [9, 10]));

        var error = OpenFails();

        Assert.Equal($"'{TestBatch}': label 10 of image 1 is outside 0..9 (CIFAR-10).", error.Message);
    }

    [Fact]
    public void CIFAR100_binary_label_out_of_range_is_reported()
    {
        string path = CifarFixtures.WriteBinary(
            root.File("cifar-100-binary", "test.bin"),
            CifarFixtures.Images(1),
            [100],
            CifarVariant.Cifar100
        );

        var error = OpenFails(CifarVariant.Cifar100);

        Assert.Equal($"'{path}': label 100 of image 0 is outside 0..99 (CIFAR-100).", error.Message);
    }

    [Fact]
    public void Binary_file_of_partial_records_is_reported()
    {
        string path = root.File("cifar-10-batches-bin", "test_batch.bin");
        File.WriteAllBytes(path, new byte[3073 * 2 - 1]);

        var error = OpenFails();

        Assert.Equal(
            $"'{path}': size 6145 bytes is not a multiple of the 3073-byte record (1 label byte + 3072 image bytes); "
                + "the file is truncated or not CIFAR-10 binary data.",
            error.Message
        );
    }

    [Fact]
    public void CIFAR100_binary_records_are_3074_bytes()
    {
        string path = root.File("cifar-100-binary", "test.bin");
        File.WriteAllBytes(path, new byte[3073]);

        var error = OpenFails(CifarVariant.Cifar100);

        Assert.StartsWith(
            $"'{path}': size 3073 bytes is not a multiple of the 3074-byte record (coarse and fine label bytes",
            error.Message
        );
    }

    [Fact]
    public void Empty_binary_file_is_reported()
    {
        string path = root.File("cifar-10-batches-bin", "test_batch.bin");
        File.WriteAllBytes(path, []);

        var error = OpenFails();

        Assert.Equal($"'{path}' holds no images.", error.Message);
    }
}
