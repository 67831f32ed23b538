using GatedLif.Build;

// HandleKeepAlive INPUT OUTPUT: writes OUTPUT, TorchSharp.dll (INPUT) with its native handles kept alive
// (KeepAliveWeaver). OUTPUT is written under a temporary name and renamed, so a reader never sees half a file.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: HandleKeepAlive INPUT-TorchSharp.dll OUTPUT-TorchSharp.dll");
    return 2;
}
var (input, output) = (args[0], args[1]);
if (!File.Exists(input))
{
    Console.Error.WriteLine($"HandleKeepAlive: {input}: no such file");
    return 1;
}
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
var temporary = $"{output}.{Environment.ProcessId}.tmp";
try
{
    var result = KeepAliveWeaver.Weave(input, temporary);
    File.Move(temporary, output, overwrite: true);
    Console.WriteLine(result.AlreadyWoven
        ? $"HandleKeepAlive: {input} was woven already; copied to {output}"
        : $"HandleKeepAlive: {output}: {result.MethodsWoven} methods keep their handles' owners alive ({result.ReturnsWoven} returns)");
    return 0;
}
catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or IOException)
{
    File.Delete(temporary);
    Console.Error.WriteLine($"HandleKeepAlive: {input}: {e.Message}");
    return 1;
}
