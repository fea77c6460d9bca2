"""Loading an algorithm's results into groups of the project's layer tree.

Processing loads the layers an algorithm registers with
``context.addLayerToLoadOnCompletion`` when it runs in the QGIS window (the
toolbox dialog, the Modeler, runAndLoadResults); headless runs (qgis_process,
processing.run) load nothing. QGIS 3.22 has no group option for these layers,
so a layer post-processor moves each one, once loaded, into its group
(created when missing) at its place in the study's order, under the name
given. Styles come with the files (colour tables and the .qml beside each
raster, loaded as the layer's default style), or from a .qml the run wrote
(the observed maps: the user's input files are never written to). Groups
marked collapsed open collapsed; an empty project takes the CRS of the
first map.
"""

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingLayerPostProcessorInterface,
    QgsProject,
    QgsRasterLayer,
)

ORDER = "landcarbon/order"


def _position(parent, order):
    """Where a node of rank ``order`` goes among ``parent``'s children: before
    the first one of a larger rank (nodes of other origin count as last)."""
    for i, child in enumerate(parent.children()):
        rank = child.customProperty(ORDER, None)
        if rank is None or int(rank) > order:
            return i
    return len(parent.children())


class MoveToGroup(QgsProcessingLayerPostProcessorInterface):
    """Post-processor: put the layer, named ``name``, under ``groups`` (outer
    first; group i ranked ``group_orders[i]``), at rank ``order``. Processing
    loads layers in the order of their paths, so ranks restore the study's
    order whatever comes first."""

    # Processing keeps a C++ pointer only: the Python objects must stay alive
    # until the layers are loaded (they are few and small).
    alive = []

    def __init__(self, groups, group_orders, name, order, style=None, collapsed=False):
        super().__init__()
        self.groups, self.group_orders = list(groups), list(group_orders)
        self.name, self.order = name, order
        self.style, self.collapsed = style, collapsed

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API name)
        project = context.project() or QgsProject.instance()
        root = project.layerTreeRoot()
        node = root.findLayer(layer.id())
        if node is None:
            return
        parent = root
        for name, rank in zip(self.groups, self.group_orders):
            group = next((child for child in parent.children()
                          if child.nodeType() == child.NodeGroup and child.name() == name),
                         None)
            if group is None:
                group = parent.insertGroup(_position(parent, rank), name)
                group.setCustomProperty(ORDER, rank)
            parent = group
        if self.collapsed:
            parent.setExpanded(False)
        layer.setName(self.name)
        if self.style:
            layer.loadNamedStyle(self.style)
        else:
            layer.loadDefaultStyle()    # the .qml beside the file (Processing skips it)
        layer.triggerRepaint()
        clone = node.clone()
        clone.setCustomProperty(ORDER, self.order)
        parent.insertChildNode(_position(parent, self.order), clone)
        node.parent().removeChildNode(node)


def load_in_groups(context, layers):
    """Register ``layers`` (core.study.results.KeyLayer: path, name, groups,
    style, collapsed) to be loaded, in this order, into their groups when
    the algorithm finishes (QGIS window only). An empty project gets the
    CRS of the first map, so the results open where they are."""
    project = context.project() or QgsProject.instance()
    if layers and not project.mapLayers():
        project.setCrs(QgsRasterLayer(layers[0].path, "crs").crs())
    first = {}                 # each group's rank: that of its first layer
    for order, layer in enumerate(layers):
        for depth in range(len(layer.groups)):
            first.setdefault(tuple(layer.groups[:depth + 1]), order)
    for order, layer in enumerate(layers):
        ranks = [first[tuple(layer.groups[:depth + 1])] for depth in range(len(layer.groups))]
        processor = MoveToGroup(layer.groups, ranks, layer.name, order, layer.style,
                                layer.collapsed)
        MoveToGroup.alive.append(processor)
        details = QgsProcessingContext.LayerDetails(layer.name, project, layer.name)
        details.setPostProcessor(processor)
        context.addLayerToLoadOnCompletion(layer.path, details)
