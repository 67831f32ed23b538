namespace GatedLif.Models;

/// <summary>The networks train.py can build.</summary>
public enum Architecture
{
    /// <summary>ResNet-19 for CIFAR, the default.</summary>
    ResNet19,
    /// <summary>ResNet-18 for CIFAR (<c>--stand18</c>).</summary>
    ResNet18,
    /// <summary>CIFARNet (<c>--cifarnet</c>).</summary>
    CifarNet,
    /// <summary>ResNet-18 with membrane shortcuts for ImageNet (<c>--imagenet --MS18</c>).</summary>
    ResNet18MS,
    /// <summary>ResNet-34 with membrane shortcuts for ImageNet (<c>--imagenet --MS34</c>).</summary>
    ResNet34MS,
    /// <summary>ResNet-34 for ImageNet (<c>--imagenet</c>).</summary>
    ResNet34,
}
