using System.Runtime.InteropServices;

namespace GatedLif.Data.Datasets;

/// <summary>
/// JPEG decoding with libjpeg-turbo's TurboJPEG API (Debian package libturbojpeg0), the library Pillow decodes
/// JPEG with: default settings (accurate integer IDCT, fancy chroma upsampling) give Pillow's bytes. No managed
/// decoder does (ImageSharp and LibJpeg.NET upsample 4:2:0 chroma differently, off by several grey levels on
/// most pixels), which is why this binding is written by hand.
/// </summary>
public static partial class TurboJpeg
{
    public const string Library = "libturbojpeg.so.0";
    private const int PixelFormatRgb = 0;

    private static readonly Lazy<bool> Loadable = new(() => NativeLibrary.TryLoad(Library, out _));

    /// <summary>Whether libturbojpeg could be loaded on this machine.</summary>
    public static bool IsAvailable => Loadable.Value;

    /// <summary>Whether the bytes start like a JPEG file (SOI marker).</summary>
    public static bool IsJpeg(ReadOnlySpan<byte> data) => data.Length > 2 && data[0] == 0xFF && data[1] == 0xD8;

    /// <summary>Decodes to RGB (grey is copied to R, G, B); null when TurboJPEG cannot convert the colour space
    /// (CMYK).</summary>
    /// <exception cref="InvalidDataException">The data is not a decodable JPEG; the message is TurboJPEG's.</exception>
    public static unsafe RgbImage? DecodeRgb(byte[] data)
    {
        var handle = tjInitDecompress();
        if (handle == IntPtr.Zero)
            throw new InvalidOperationException("TurboJPEG could not create a decompressor");
        try
        {
            fixed (byte* source = data)
            {
                if (
                    tjDecompressHeader3(
                        handle,
                        source,
                        (nuint)data.Length,
                        out int width,
                        out int height,
                        out _,
                        out int colorspace
                    ) != 0
                )
                    throw new InvalidDataException(Error(handle));
                const int cmyk = 3,
                    ycck = 4;
                if (colorspace is cmyk or ycck)
                    return null;
                RgbImageDecoder.CheckSize(width, height);
                var image = new RgbImage(width, height);
                fixed (byte* target = image.Pixels)
                {
                    if (
                        tjDecompress2(
                            handle,
                            source,
                            (nuint)data.Length,
                            target,
                            width,
                            width * 3,
                            height,
                            PixelFormatRgb,
                            0
                        ) != 0
                        && !Tolerable(handle)
                    )
                        throw new InvalidDataException(Error(handle));
                }
                return image;
            }
        }
        finally
        {
            tjDestroy(handle);
        }
    }

    // Pillow decodes through libjpeg's warnings (e.g. "extraneous bytes before marker") but stops at a truncated file.
    private static bool Tolerable(IntPtr handle) =>
        tjGetErrorCode(handle) == WarningCode
        && !Error(handle).Contains("Premature end of JPEG file", StringComparison.Ordinal);

    private const int WarningCode = 0;

    private static string Error(IntPtr handle) => Marshal.PtrToStringUTF8(tjGetErrorStr2(handle)) ?? "TurboJPEG error";

    [LibraryImport(Library)]
    private static partial IntPtr tjInitDecompress();

    [LibraryImport(Library)]
    private static unsafe partial int tjDecompressHeader3(
        IntPtr handle,
        byte* jpegBuf,
        nuint jpegSize,
        out int width,
        out int height,
        out int jpegSubsamp,
        out int jpegColorspace
    );

    [LibraryImport(Library)]
    private static unsafe partial int tjDecompress2(
        IntPtr handle,
        byte* jpegBuf,
        nuint jpegSize,
        byte* dstBuf,
        int width,
        int pitch,
        int height,
        int pixelFormat,
        int flags
    );

    [LibraryImport(Library)]
    private static partial int tjDestroy(IntPtr handle);

    [LibraryImport(Library)]
    private static partial IntPtr tjGetErrorStr2(IntPtr handle);

    [LibraryImport(Library)]
    private static partial int tjGetErrorCode(IntPtr handle);
}
