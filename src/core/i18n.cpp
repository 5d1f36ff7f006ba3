// The one translation table of all GUI text. Add a row here for every pk::tr("key") used in the GUI or
// on the map; tests/core/i18n_test.cpp fails when a key used in src/ui or src/render is missing, when a
// language is empty, or when the two languages disagree on printf placeholders.
#include "core/i18n.h"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_map>

namespace pk {

namespace {

struct Translation {
  const char* key;
  const char* indonesian;
  const char* english;
};

// Sorted by area, then key. Indonesian first: it is the default.
constexpr Translation kTable[] = {
    // Help > About
    {"about.built_with", "Dibuat dengan GDAL, PROJ, GEOS, GLFW, OpenGL, dan Dear ImGui.",
     "Built with GDAL, PROJ, GEOS, GLFW, OpenGL and Dear ImGui."},
    {"about.data",
     "Batas wilayah pada proyek demo bersifat skematis. Batas resmi (BPS/OCHA HDX, BIG) dapat dibuka lewat "
     "Berkas > Buka. Cantumkan sumber data batas wilayah pada setiap peta yang dibagikan.",
     "The boundaries in the demo project are schematic. Official boundaries (BPS/OCHA HDX, BIG) can be opened "
     "with File > Open. Credit the source of the boundary data on every map you share."},
    {"about.purpose",
     "Dasbor peta untuk perencana ProKUS (Program Kewirausahaan Sosial, Kementerian Sosial RI) di Kabupaten "
     "Bandung Barat: batas wilayah kecamatan dan data program di atas peta.",
     "A map dashboard for planners of ProKUS (the Social Entrepreneurship Programme of the Indonesian Ministry "
     "of Social Affairs) in Kabupaten Bandung Barat: kecamatan boundaries and programme data on a map."},
    {"about.title", "Tentang ProKUS Map", "About ProKUS Map"},

    // Panels docked beside the map
    {"dock.show_layers", "Tampilkan panel lapisan", "Show the layer panel"},

    // View > Business categories
    {"categories.add", "Tambah kategori", "Add category"},
    {"categories.apply", "Terapkan", "Apply"},
    {"categories.column_fallback", "Lain-lain", "Fallback"},
    {"categories.column_keywords", "Kata kunci (pisahkan dengan koma)", "Keywords (comma-separated)"},
    {"categories.column_label", "Kategori", "Category"},
    {"categories.column_rows", "Baris", "Rows"},
    {"categories.column_type", "Jenis usaha di daftar penerima", "Business type in the beneficiary list"},
    {"categories.defaults", "Daftar bawaan", "Default list"},
    {"categories.fallback_tip", "Kategori untuk jenis usaha yang tidak cocok dengan kata kunci mana pun",
     "The category for business types no keyword fits"},
    {"categories.help",
     "Jenis usaha di daftar penerima dikelompokkan dengan kata kunci; kata kunci terpanjang yang cocok menang. "
     "Tabel di bawah menunjukkan hasilnya sebelum diterapkan. Daftar ini disimpan di proyek.",
     "Business types in the beneficiary list are grouped by keywords; the longest keyword that fits wins. The "
     "table below shows the result before you apply it. The list is saved in the project."},
    {"categories.no_types", "Belum ada daftar penerima dengan kolom jenis usaha.",
     "No beneficiary list with a business-type column yet."},
    {"categories.remove", "Hapus", "Remove"},
    {"categories.title", "Kategori usaha", "Business categories"},
    {"categories.types_summary", "%zu jenis usaha; %s baris masuk \"%s\"", "%zu business types; %s rows in \"%s\""},
    {"categories.undo", "Batalkan perubahan", "Undo changes"},

    // File browser
    {"browser.confirm_replace", "Berkas ini sudah ada. Tekan Ganti untuk menimpanya.",
     "This file already exists. Press Replace to overwrite it."},
    {"browser.empty", "Tidak ada berkas yang cocok di folder ini.", "No matching files in this folder."},
    {"browser.file_name", "Nama berkas:", "File name:"},
    {"browser.file_type", "Jenis berkas:", "File type:"},
    {"browser.filter_all_files", "Semua berkas", "All files"},
    {"browser.filter_project", "Proyek ProKUS Map", "ProKUS Map project"},
    {"browser.filter_supported", "Semua format yang didukung", "All supported formats"},
    {"browser.home", "Folder rumah", "Home folder"},
    {"browser.not_found", "tidak ditemukan", "not found"},
    {"browser.open", "Buka", "Open"},
    {"browser.replace", "Ganti", "Replace"},
    {"browser.save", "Simpan", "Save"},
    {"browser.show_hidden", "Tampilkan berkas tersembunyi", "Show hidden files"},
    {"browser.title_open", "Buka berkas", "Open file"},
    {"browser.title_open_project", "Buka proyek", "Open project"},
    {"browser.title_save_project", "Simpan proyek sebagai", "Save project as"},
    {"browser.up", "Folder induk", "Parent folder"},

    // Buttons used everywhere
    {"common.cancel", "Batal", "Cancel"},
    {"common.close", "Tutup", "Close"},
    {"common.ok", "OK", "OK"},

    // A polygon's facts (tooltip, selection)
    {"feature.area", "Luas", "Area"},
    {"feature.code", "Kode", "Code"},
    {"feature.excluded", "Dikecualikan", "Excluded"},
    {"feature.no_value", "tidak ada data", "no data"},
    {"feature.score", "Skor kesesuaian", "Suitability score"},
    {"feature.score_class", "kelas %s", "class %s"},
    {"feature.score_rank", "peringkat %d", "rank %d"},

    // Layer panel
    {"layer.code_field", "Kolom kode", "Code field"},
    {"layer.features", "fitur", "features"},
    {"layer.field_none", "(tidak ada)", "(none)"},
    {"layer.fill_by_feature", "Warna per wilayah", "Colour per feature"},
    {"layer.fill_colour", "Warna isian", "Fill colour"},
    {"layer.fill_mode", "Isian", "Fill"},
    {"layer.fill_opacity", "Opasitas isian", "Fill opacity"},
    {"layer.fill_single", "Satu warna", "Single colour"},
    {"layer.is_boundary", "Lapisan batas wilayah", "Boundary layer"},
    {"layer.kind_line", "Garis", "Lines"},
    {"layer.kind_point", "Titik", "Points"},
    {"layer.kind_polygon", "Poligon", "Polygons"},
    {"layer.label_size", "Ukuran label", "Label size"},
    {"layer.make_boundary", "Jadikan lapisan batas wilayah", "Use as boundary layer"},
    {"layer.name_field", "Kolom nama", "Name field"},
    {"layer.outline_colour", "Warna garis tepi", "Outline colour"},
    {"layer.outline_width", "Tebal garis tepi", "Outline width"},
    {"layer.point_colour", "Warna titik", "Point colour"},
    {"layer.point_size", "Ukuran titik", "Point size"},
    {"layer.remove", "Keluarkan dari peta", "Remove from map"},
    {"layer.show_labels", "Tampilkan label", "Show labels"},
    {"layer.source_crs", "Sistem koordinat sumber", "Source CRS"},
    {"layer.visible", "Tampilkan lapisan", "Show layer"},

    // The map area
    {"map.empty_hint", "Buka berkas batas wilayah lewat Berkas > Buka\xE2\x80\xA6, atau seret berkas ke jendela ini.",
     "Open a boundary file with File > Open\xE2\x80\xA6, or drop files onto this window."},
    {"map.legend.no_mentor", "Tanpa pendamping (penerima tanpa pendamping)", "No mentor (beneficiaries without a mentor)"},
    {"map.legend.proposed_sites", "Usulan lokasi pendamping (urutan usulan)", "Proposed mentor sites (order proposed)"},
    {"map.empty_title", "Belum ada peta yang dibuka.", "No map is open yet."},
    {"map.schematic_note",
     "Batas skematis, bukan batas resmi \xE2\x80\x94 buka batas BPS/HDX atau BIG untuk batas resmi",
     "Schematic boundaries, not official \xE2\x80\x94 open BPS/HDX or BIG boundaries for the official lines"},

    // Map furniture (on the map and in every export)
    {"furniture.attribution.boundaries", "Batas wilayah: %s", "Boundaries: %s"},
    {"furniture.attribution.schematic", "Batas skematis dari titik desa BPS/OCHA HDX (CC BY-IGO)",
     "Schematic boundaries from BPS/OCHA HDX village points (CC BY-IGO)"},
    {"furniture.date", "Tanggal peta: %s", "Map date: %s"},
    {"furniture.north_letter", "U", "N"},
    // The map furniture panel (View > Map furniture)
    {"furniture.column_corner", "Posisi", "Corner"},
    {"furniture.column_item", "Unsur peta", "Map item"},
    {"furniture.corner.auto", "Otomatis (paling sedikit menutupi peta)", "Automatic (hides the least of the map)"},
    {"furniture.corner.bottom_center", "Bawah tengah", "Bottom centre"},
    {"furniture.corner.bottom_left", "Kiri bawah", "Bottom left"},
    {"furniture.corner.bottom_right", "Kanan bawah", "Bottom right"},
    {"furniture.corner.top_center", "Atas tengah", "Top centre"},
    {"furniture.corner.top_left", "Kiri atas", "Top left"},
    {"furniture.corner.top_right", "Kanan atas", "Top right"},
    {"furniture.help",
     "Berlaku untuk layar dan setiap ekspor, dan disimpan di proyek. Kolom kosong berarti otomatis (teks abu-abu).",
     "Applies to the screen and every export, and is saved in the project. An empty field means automatic (the grey "
     "text)."},
    {"furniture.item.attribution", "Sumber data", "Source line"},
    {"furniture.item.date", "Tanggal", "Date"},
    {"furniture.item.legend", "Legenda", "Legend"},
    {"furniture.item.north_arrow", "Panah utara", "North arrow"},
    {"furniture.item.scale_bar", "Skala batang", "Scale bar"},
    {"furniture.item.schematic_note", "Catatan batas skematis", "Schematic-boundary note"},
    {"furniture.item.subtitle", "Subjudul", "Subtitle"},
    {"furniture.item.title", "Judul", "Title"},
    {"furniture.read_failed", "Bagian \"furniture\" proyek tidak terbaca; dipakai bawaan",
     "The project's \"furniture\" section could not be read; using the defaults"},
    {"furniture.reset", "Kembalikan bawaan", "Reset to defaults"},
    {"furniture.subtitle_hint", "(tanpa subjudul)", "(no subtitle)"},
    {"furniture.title", "Unsur peta", "Map furniture"},
    {"month.1", "Januari", "January"},
    {"month.10", "Oktober", "October"},
    {"month.11", "November", "November"},
    {"month.12", "Desember", "December"},
    {"month.2", "Februari", "February"},
    {"month.3", "Maret", "March"},
    {"month.4", "April", "April"},
    {"month.5", "Mei", "May"},
    {"month.6", "Juni", "June"},
    {"month.7", "Juli", "July"},
    {"month.8", "Agustus", "August"},
    {"month.9", "September", "September"},

    // Warnings from opening a layer (layer_io.cpp loadWarningLines; also the CLI, in English). {n} is a count.
    {"load.and_more", " dan {n} lainnya", " and {n} more"},
    {"load.duplicate_code", "kode ganda, dipakai lebih dari satu wilayah ({n}; penggabungan menurut kode memakai yang pertama)",
     "duplicate codes, used by more than one polygon ({n}; joins by code take the first)"},
    {"load.no_geometry", "wilayah tanpa geometri (kosong atau NULL) dilewati ({n})",
     "features without geometry (empty or NULL) skipped ({n})"},
    {"load.repaired_geometry",
     "poligon tidak valid (berpotongan sendiri atau cincin terpilin) diperbaiki dengan GEOS MakeValid ({n}); "
     "luas dihitung dari hasil perbaikan",
     "invalid polygons (self-intersecting or twisted rings) repaired with GEOS MakeValid ({n}); areas are those "
     "of the repaired shapes"},
    {"load.zero_area", "poligon tanpa luas (cincin terlipat atau berbentuk garis) tetap ada, tanpa kepadatan ({n})",
     "polygons without area (folded or line-shaped rings) kept, without a density ({n})"},
    {"message.load_warnings", "Berkas dibuka dengan catatan", "The file was opened with warnings"},

    // Main menu
    {"menu.file", "Berkas", "File"},
    {"menu.file.open", "Buka\xE2\x80\xA6", "Open\xE2\x80\xA6"},
    {"menu.file.open_project", "Buka proyek\xE2\x80\xA6", "Open project\xE2\x80\xA6"},
    {"menu.file.quit", "Keluar", "Quit"},
    {"menu.file.recent", "Proyek terakhir", "Recent projects"},
    {"menu.file.recent_clear", "Kosongkan daftar", "Clear the list"},
    {"menu.file.save_project", "Simpan proyek", "Save project"},
    {"menu.file.save_project_as", "Simpan proyek sebagai\xE2\x80\xA6", "Save project as\xE2\x80\xA6"},
    {"menu.help", "Bantuan", "Help"},
    {"menu.help.about", "Tentang ProKUS Map", "About ProKUS Map"},
    {"menu.view", "Tampilan", "View"},
    {"menu.view.fit", "Tampilkan seluruh data", "Fit to data"},
    {"menu.view.language", "Bahasa", "Language"},
    {"menu.view.ui_scale", "Skala antarmuka", "UI scale"},
    {"menu.view.ui_scale_auto", "Otomatis", "Automatic"},
    {"menu.view.zoom_selection", "Perbesar ke wilayah terpilih", "Zoom to selection"},

    // Message popup
    {"message.map_kept", "Peta yang sedang tampil tidak diubah.", "The map on screen is unchanged."},
    {"message.more_waiting", "Pesan lain yang menunggu", "More messages waiting"},
    {"message.open_failed", "Berkas tidak dapat dibuka", "The file could not be opened"},
    {"message.open_project_failed", "Proyek tidak dapat dibuka", "The project could not be opened"},
    {"message.renderer_failed", "Peta tidak dapat digambar (OpenGL)", "The map cannot be drawn (OpenGL)"},
    {"message.save_failed", "Proyek tidak dapat disimpan", "The project could not be saved"},
    {"message.title", "Pemberitahuan", "Notice"},

    // Side panel
    {"panel.add_layer", "Tambah lapisan\xE2\x80\xA6", "Add layer\xE2\x80\xA6"},
    {"panel.clear_selection", "Batalkan pilihan", "Clear selection"},
    {"panel.field", "Kolom", "Field"},
    {"panel.file_fields", "Kolom berkas batas wilayah", "Fields of the boundary file"},
    {"panel.layers", "Lapisan", "Layers"},
    {"panel.no_layers",
     "Belum ada lapisan. Buka berkas batas wilayah (Shapefile, GeoPackage, GeoJSON, FlatGeobuf, KML) atau "
     "berkas proyek (.prokus.json).",
     "No layers yet. Open a boundary file (Shapefile, GeoPackage, GeoJSON, FlatGeobuf, KML) or a project "
     "file (.prokus.json)."},
    {"panel.selection", "Wilayah terpilih", "Selected area"},
    {"panel.value", "Nilai", "Value"},
    {"panel.zoom_to_selection", "Perbesar ke sini", "Zoom to it"},

    // Status bar
    {"status.privacy_view", "Tampilan privasi: titik digeser, angka kecil \"<3\"",
     "Privacy view: points moved, small counts \"<3\""},
    {"status.cursor_off_map", "Arahkan kursor ke peta", "Point at the map"},
    {"status.lat", "Lintang", "Lat"},
    {"status.lon", "Bujur", "Lon"},
    {"status.scale", "Skala", "Scale"},
    {"status.utm_zone", "zona", "zone"},

    // ---- Programme data (issue 3): import dialog, overlay panel, table panel ----
    {"browser.filter_tables", "Tabel", "Tables"},
    {"classify.equal", "Interval sama", "Equal interval"},
    {"classify.jenks", "Natural breaks (Jenks)", "Natural breaks (Jenks)"},
    {"classify.manual", "Batas manual", "Manual breaks"},
    {"classify.pretty", "Angka bulat (pretty)", "Pretty"},
    {"classify.quantile", "Kuantil", "Quantile"},
    {"classify.reason.all_equal", "Semua nilai sama, jadi hanya ada satu kelas.",
     "Every value is the same, so there is only one class."},
    {"classify.reason.count_range", "Jumlah kelas harus 3 sampai 9; disesuaikan.",
     "The number of classes must be 3 to 9; adjusted."},
    {"classify.reason.few_distinct", "Nilai yang berbeda lebih sedikit daripada jumlah kelas yang diminta.",
     "There are fewer distinct values than classes requested."},
    {"classify.reason.invalid_breaks", "Batas manual harus angka yang naik (misalnya 0; 5; 10; 20).",
     "Manual breaks must be ascending numbers (for example 0; 5; 10; 20)."},
    {"classify.reason.no_values", "Tidak ada nilai untuk diklasifikasikan.", "There are no values to classify."},
    {"classify.reason.outside_breaks", "Sebagian nilai berada di luar batas manual.",
     "Some values lie outside the manual breaks."},
    {"classify.reason.pretty_count", "Tidak ada langkah bulat yang menghasilkan jumlah kelas persis itu.",
     "No round step gives exactly that number of classes."},
    {"classify.reason.tied", "Banyak nilai sama, sehingga beberapa batas kuantil berimpit.",
     "Many values are equal, so some quantile bounds coincide."},
    {"import.col.reason", "Alasan", "Reason"},
    {"import.col.row", "Baris", "Row"},
    {"import.column", "Kolom di berkas", "Column in the file"},
    {"import.columns", "Kolom", "Columns"},
    {"import.delimiter", "Pemisah", "Delimiter"},
    {"import.delimiter.comma", "koma", "comma"},
    {"import.delimiter.semicolon", "titik koma", "semicolon"},
    {"import.delimiter.tab", "tab", "tab"},
    {"import.encoding", "Pengodean", "Encoding"},
    {"import.export_unplaced", "Ekspor baris tak terpetakan (CSV)\xE2\x80\xA6", "Export unplaced rows (CSV)\xE2\x80\xA6"},
    {"import.export_unplaced_title", "Ekspor baris tak terpetakan", "Export unplaced rows"},
    {"import.format", "Format", "Format"},
    {"import.header_row", "Baris judul kolom", "Header row"},
    {"import.import", "Impor", "Import"},
    {"import.kind.beneficiaries", "Daftar penerima (KPM)\xE2\x80\xA6", "Beneficiary list (KPM)\xE2\x80\xA6"},
    {"import.kind.mentors", "Daftar pendamping\xE2\x80\xA6", "Mentor list\xE2\x80\xA6"},
    {"import.kind.polygon_table", "Tabel per kecamatan\xE2\x80\xA6", "Per-kecamatan table\xE2\x80\xA6"},
    {"import.kind_name.beneficiaries", "Daftar penerima (KPM)", "Beneficiary list (KPM)"},
    {"import.kind_name.mentors", "Daftar pendamping", "Mentor list"},
    {"import.kind_name.polygon_table", "Tabel per kecamatan", "Per-kecamatan table"},
    {"import.list_kind", "Jenis daftar", "List type"},
    {"import.mapping", "Pemetaan kolom (dapat diubah; disimpan di proyek):",
     "Column mapping (editable; saved in the project):"},
    {"import.needs_boundary", "buka dulu lapisan batas wilayah", "open a boundary layer first"},
    {"import.no_column", "(tidak ada)", "(none)"},
    {"import.no_location", "Pilih kolom lokasi: bujur dan lintang, atau kecamatan/desa.",
     "Choose a location column: longitude and latitude, or kecamatan/desa."},
    {"import.personal", "(data pribadi)", "(personal data)"},
    {"import.placed_by_coordinates", "Dipetakan dari koordinat", "Placed by coordinates"},
    {"import.placed_by_name", "Dipetakan dari nama wilayah", "Placed by name"},
    {"import.polygons_with_value", "wilayah mendapat nilai", "polygons got a value"},
    {"import.population_column", "Kolom populasi", "Population column"},
    {"import.role", "Isi", "Role"},
    {"import.role.bsimu", "Nilai BSIMu", "BSIMu amount"},
    {"import.role.business_name", "Nama usaha", "Business name"},
    {"import.role.business_type", "Jenis usaha", "Business type"},
    {"import.role.capacity", "Kapasitas", "Capacity"},
    {"import.role.cohort", "Angkatan (tahun)", "Cohort year"},
    {"import.role.desa", "Desa", "Desa"},
    {"import.role.desa_code", "Kode desa", "Desa code"},
    {"import.role.id", "ID", "ID"},
    {"import.role.kecamatan", "Kecamatan", "Kecamatan"},
    {"import.role.kecamatan_code", "Kode kecamatan", "Kecamatan code"},
    {"import.role.lat", "Lintang", "Latitude"},
    {"import.role.lon", "Bujur", "Longitude"},
    {"import.role.mentor_id", "ID pendamping", "Mentor ID"},
    {"import.role.name", "Nama", "Name"},
    {"import.role.nik", "NIK", "NIK"},
    {"import.role.organisation", "Lembaga", "Organisation"},
    {"import.role.status", "Status", "Status"},
    {"import.rows", "Baris data", "Data rows"},
    {"import.rows_read", "Baris dibaca", "Rows read"},
    {"import.swapped_corrected", "Bujur/lintang tertukar, diperbaiki", "Swapped lon/lat corrected"},
    {"import.title", "Impor daftar", "Import a list"},
    {"import.unplaced", "Tidak dapat dipetakan", "Unplaced"},
    {"import.unplaced_not_listed", "\xE2\x80\xA6 dan %s baris lainnya tidak dicantumkan (hanya dihitung menurut alasan di atas)",
     "\xE2\x80\xA6 and %s more not listed (only counted by reason above)"},
    {"import.unplaced_rows", "Baris tak terpetakan (tanpa nama dan NIK):", "Unplaced rows (no names, no NIK):"},
    {"indicator.beneficiaries", "Jumlah penerima", "Beneficiaries"},
    {"indicator.beneficiaries_per_mentor", "Penerima per pendamping", "Beneficiaries per mentor"},
    {"indicator.bsimu_total", "Total BSIMu", "BSIMu total"},
    {"unit.million", "juta", "million"},
    {"indicator.covered_share", "Bagian terjangkau pendamping", "Share covered by mentors"},
    {"indicator.density", "Kepadatan penerima per km\xC2\xB2", "Beneficiary density per km\xC2\xB2"},
    {"indicator.max_distance_km", "Jarak terjauh ke pendamping (km)", "Maximum distance to a mentor (km)"},
    {"indicator.median_distance_km", "Median jarak ke pendamping (km)", "Median distance to a mentor (km)"},
    {"indicator.mentors", "Jumlah pendamping", "Mentors"},
    {"indicator.over_capacity", "Melebihi kapasitas pendamping", "Above mentor capacity"},
    {"indicator.rate_per_1000", "Per 1.000 populasi", "Per 1,000 population"},
    {"indicator.share", "Bagian dari total", "Share of the total"},
    {"menu.file.import", "Impor", "Import"},
    {"menu.file.import_template", "Simpan templat impor", "Save import template"},
    {"menu.file.import_title", "Impor daftar", "Import a list"},
    {"menu.file.template_title", "Simpan templat impor (CSV dan XLSX)", "Save import template (CSV and XLSX)"},
    {"menu.file.template_written", "Templat impor disimpan", "Import template saved"},
    {"menu.view.overlay_panel", "Panel lapisan program", "Overlay panel"},
    {"menu.view.table_panel", "Tabel indikator", "Indicator table"},
    {"message.export_failed", "Ekspor gagal", "The export failed"},
    {"message.import_failed", "Impor gagal; peta tidak diubah", "The import failed; the map is unchanged"},
    {"message.programme_failed", "Data program tidak dapat dimuat", "The programme data could not be loaded"},
    {"message.programme_notes", "Catatan data program", "Programme data notes"},
    {"programme.note.table_skipped",
     "%s: tidak ada baris yang cocok dengan wilayah di %s menurut kode atau nama; tabel dilewati, data lain tetap dimuat",
     "%s: no row matches a polygon of %s by code or name; the table is skipped, the other data still load"},
    {"programme.note.through_kecamatan",
     "%s: tabel per kecamatan, digabung ke %s desa melalui kolom kecamatan '%s' di %s; setiap desa memakai nilai "
     "kecamatannya",
     "%s: per-kecamatan table joined to %s desa through the kecamatan field '%s' of %s; each desa shows its "
     "kecamatan's values"},
    {"programme.note.kecamatan_population",
     "%s: kolom '%s' berisi penduduk kecamatan, bukan penduduk desa; angka per 1.000 penduduk di desa dikosongkan",
     "%s: column '%s' is a kecamatan population, not a desa's; rates per 1,000 are left empty on desa"},
    {"overlay.bandwidth_km", "Lebar pita kernel", "Bandwidth"},
    {"overlay.breaks", "Batas", "Breaks"},
    {"overlay.breaks_hint", "Pisahkan dengan titik koma, lalu tekan Enter.", "Separate with semicolons, then press Enter."},
    {"overlay.business", "Jenis usaha", "Business types"},
    {"overlay.business_points", "Titik usaha", "Business points"},
    {"overlay.choropleth", "Peta tematik (koroplet)", "Choropleth"},
    {"overlay.classes", "Kelas", "Classes"},
    {"overlay.clear_filters", "Hapus semua filter", "Clear all filters"},
    {"overlay.colorblind_safe", "aman buta warna", "colour-blind safe"},
    {"overlay.count_labels", "Tampilkan angka di peta", "Show counts on the map"},
    {"overlay.counted", "Dihitung", "Counted"},
    {"overlay.diverging", "Divergen", "Diverging"},
    {"overlay.filter_category", "Kategori usaha", "Business category"},
    {"overlay.filter_cohort", "Angkatan", "Cohort"},
    {"overlay.filter_organisation", "Lembaga pendamping", "Mentor organisation"},
    {"overlay.filter_status", "Status", "Status"},
    {"overlay.filtered_out", "tersaring", "filtered out"},
    {"overlay.filters", "Filter", "Filters"},
    {"overlay.glyph", "Diagram", "Glyph"},
    {"overlay.glyph_bar", "Batang", "Bar"},
    {"overlay.glyph_pie", "Lingkaran (pie)", "Pie"},
    {"overlay.heatmap", "Peta panas (kepadatan)", "Heatmap"},
    {"overlay.indicator", "Indikator", "Indicator"},
    {"overlay.layers", "Tampilkan:", "Show:"},
    {"overlay.legends", "Legenda", "Legends"},
    {"overlay.mentor_lines", "Garis ke pendamping", "Lines to mentors"},
    {"overlay.mentors", "Jangkauan pendamping", "Mentor coverage"},
    {"overlay.method", "Metode", "Method"},
    {"overlay.no_data", "Belum ada data program. Gunakan Berkas > Impor untuk memuat daftar penerima.",
     "No programme data yet. Use File > Import to load a beneficiary list."},
    {"overlay.no_mentors", "belum ada daftar pendamping", "no mentor list"},
    {"overlay.palette", "Palet", "Palette"},
    {"overlay.radius_km", "Radius", "Radius"},
    {"overlay.reversed", "Balik urutan warna", "Reverse colours"},
    {"overlay.sequential", "Berurutan", "Sequential"},
    {"overlay.settings", "Pengaturan", "Settings"},
    {"overlay.title", "Lapisan program", "Programme overlays"},
    {"table.col.area_km2", "Luas (km\xC2\xB2)", "Area (km\xC2\xB2)"},
    {"table.col.beneficiaries", "Penerima", "Beneficiaries"},
    {"table.col.beneficiaries_per_mentor", "Penerima/pendamping", "Per mentor"},
    {"table.col.bsimu_total", "Total BSIMu", "BSIMu total"},
    {"table.col.code", "Kode", "Code"},
    {"table.col.covered", "Terjangkau", "Covered"},
    {"table.col.covered_share", "Bagian terjangkau", "Covered share"},
    {"table.col.density_per_km2", "Per km\xC2\xB2", "Per km\xC2\xB2"},
    {"table.col.dominant_category", "Usaha dominan", "Dominant business"},
    {"table.col.max_distance_km", "Jarak maks. (km)", "Max. distance (km)"},
    {"table.col.median_distance_km", "Median jarak (km)", "Median distance (km)"},
    {"table.col.mentors", "Pendamping", "Mentors"},
    {"table.col.mentors_approximate", "Pendamping (perkiraan)", "Mentors (approximate)"},
    {"table.col.mentors_over_capacity", "Pendamping melebihi kapasitas", "Mentors over capacity"},
    {"table.col.name", "Nama", "Name"},
    {"table.col.over_capacity", "Melebihi kapasitas", "Over capacity"},
    {"table.col.placed_by_coordinates", "Dari koordinat", "By coordinates"},
    {"table.col.rate_per_1000", "Per 1.000", "Per 1,000"},
    {"table.col.share", "Bagian", "Share"},
    {"table.csv_comma", "CSV: koma, titik desimal", "CSV: comma, decimal point"},
    {"table.csv_semicolon", "CSV: titik koma, koma desimal (Excel Indonesia)", "CSV: semicolon, decimal comma (Indonesian Excel)"},
    {"table.export_csv", "Ekspor CSV\xE2\x80\xA6", "Export CSV\xE2\x80\xA6"},
    {"table.export_csv_title", "Ekspor tabel indikator (CSV)", "Export the indicator table (CSV)"},
    {"table.export_db", "Ke basis data\xE2\x80\xA6", "To database\xE2\x80\xA6"},
    {"table.export_db_done", "Tabel ditulis ke basis data", "Table written to the database"},
    {"table.export_db_note",
     "Ditulis dalam satu transaksi, dengan geometri wilayah (EPSG:4326), setelah aturan privasi. \"Timpa\" hanya "
     "mengganti tabel yang ditulis program ini. Kata sandi dibaca libpq dari ~/.pgpass.",
     "Written in one transaction, with the polygons (EPSG:4326), after the privacy rules. \"Replace\" only replaces "
     "a table this program wrote. libpq reads the password from ~/.pgpass."},
    {"table.export_db_overwrite", "Timpa tabel yang ada", "Replace the existing table"},
    {"table.export_db_service", "Layanan", "Service"},
    {"table.export_db_table", "Skema.tabel", "Schema.table"},
    {"table.export_db_title", "Ekspor tabel indikator ke PostGIS", "Export the indicator table to PostGIS"},
    {"table.export_db_write", "Tulis", "Write"},
    {"table.export_xlsx", "Ekspor XLSX\xE2\x80\xA6", "Export XLSX\xE2\x80\xA6"},
    {"table.export_xlsx_title", "Ekspor tabel indikator (XLSX)", "Export the indicator table (XLSX)"},
    {"table.filtered", "Filter aktif", "Filters on"},
    {"table.no_overlay", "Nyalakan salah satu lapisan program untuk menghitung indikator.",
     "Turn on a programme overlay to compute the indicators."},
    {"table.title", "Tabel indikator per wilayah", "Indicators per polygon"},
    {"unplaced.ambiguous_name", "nama wilayah ganda", "ambiguous name"},
    {"unplaced.duplicate_id", "ID ganda", "duplicate id"},
    {"unplaced.no_desa", "tanpa desa", "no desa"},
    {"unplaced.no_kecamatan", "tanpa kecamatan", "no kecamatan"},
    {"unplaced.no_location", "tanpa lokasi", "no location"},
    {"unplaced.outside_boundary", "di luar semua wilayah", "outside every polygon"},
    {"unplaced.projected_coordinates", "koordinat terproyeksi (meter)", "projected coordinates (metres)"},
    {"unplaced.shifted_cells", "kolom bergeser (pemisah salah?)", "shifted cells (wrong delimiter?)"},
    {"unplaced.unknown_desa", "desa tidak dikenal", "unknown desa"},
    {"unplaced.unknown_kecamatan", "kecamatan tidak dikenal", "unknown kecamatan"},
    {"unplaced.unreadable_coordinates", "koordinat tidak terbaca", "unreadable coordinates"},
    // ---- planning panel, snapshot export, bookmarks and presentation (issues 4, 5; uiplan) ----
    {"bookmarks.add", "Tambah tampilan ini", "Add this view"},
    {"bookmarks.delete", "Hapus", "Delete"},
    {"bookmarks.done", "Selesai", "Done"},
    {"bookmarks.help",
     "Setiap penanda menyimpan tampilan peta, lapisan tematik yang aktif, dan judulnya; dalam mode presentasi "
     "(F5) penanda menjadi slide.",
     "Each bookmark keeps the map view, the active overlay and its title; in presentation mode (F5) the bookmarks "
     "are the slides."},
    {"bookmarks.move_down", "Pindah ke bawah (slide berikutnya)", "Move down (a later slide)"},
    {"bookmarks.move_up", "Pindah ke atas (slide sebelumnya)", "Move up (an earlier slide)"},
    {"bookmarks.name", "Nama", "Name"},
    {"bookmarks.name_taken", "Nama ini sudah dipakai penanda lain.", "Another bookmark already has this name."},
    {"bookmarks.read_failed", "Penanda proyek tidak dapat dibaca", "The project's bookmarks cannot be read"},
    {"bookmarks.rename", "Ganti nama", "Rename"},
    {"bookmarks.rename_tip", "Ganti nama dan judul slide", "Rename, or change the slide title"},
    {"bookmarks.show", "Tampilkan", "Show"},
    {"bookmarks.slide_title", "Judul slide", "Slide title"},
    {"bookmarks.title", "Penanda dan slide", "Bookmarks and slides"},
    {"bookmarks.update_short", "Perbarui", "Update"},
    {"bookmarks.update_view", "Ganti dengan tampilan peta sekarang", "Replace with the map's current view"},
    {"menu.file.export_pack", "Ekspor bahan rapat...", "Export meeting pack..."},
    {"menu.file.export_snapshot", "Ekspor peta...", "Export map..."},
    {"menu.view.bookmarks", "Penanda dan slide...", "Bookmarks and slides..."},
    {"menu.view.planning", "Panel perencanaan", "Planning panel"},
    {"menu.view.layer_panel", "Panel lapisan", "Layer panel"},
    {"menu.view.categories", "Kategori usaha...", "Business categories..."},
    {"menu.view.furniture", "Unsur peta (judul, legenda, skala)...", "Map furniture (title, legend, scale)..."},
    {"menu.view.present", "Mode presentasi", "Presentation mode"},
    {"menu.view.privacy", "Tampilan privasi (seperti hasil ekspor)", "Privacy view (as exports show it)"},
    {"planning.candidates_column", "Kolom kandidat", "Candidates column"},
    {"planning.candidates_help",
     "Kolom tabel per kecamatan yang berisi keluarga yang memenuhi syarat (misalnya lulusan PKH); menjadi "
     "kriteria 'kandidat'.",
     "The column of the per-kecamatan table holding the eligible families (for example PKH graduates); it "
     "becomes the 'candidates' criterion."},
    {"planning.col_change", "Perubahan", "Change"},
    {"planning.col_criterion", "Kriteria", "Criterion"},
    {"planning.col_desa", "Desa", "Desa (village)"},
    {"planning.col_direction", "Arah", "Direction"},
    {"planning.col_excluded", "Dikecualikan karena", "Excluded because"},
    {"planning.col_kecamatan", "Kecamatan", "Kecamatan (district)"},
    {"planning.col_lat", "Lintang", "Latitude"},
    {"planning.col_lon", "Bujur", "Longitude"},
    {"planning.col_name", "Wilayah", "Area"},
    {"planning.col_newly_covered", "Baru terjangkau", "Newly covered"},
    {"planning.col_normalisation", "Normalisasi", "Normalisation"},
    {"planning.col_order", "Urutan", "Order"},
    {"planning.col_rank", "Peringkat", "Rank"},
    {"planning.col_rank_a", "Peringkat A", "Rank A"},
    {"planning.col_rank_b", "Peringkat B", "Rank B"},
    {"planning.col_score", "Skor", "Score"},
    {"planning.col_score_a", "Skor A", "Score A"},
    {"planning.col_score_b", "Skor B", "Score B"},
    {"planning.col_share", "Porsi", "Share"},
    {"planning.col_top_share", "Tetap di %d besar", "Stays in top %d"},
    {"planning.col_weight", "Bobot", "Weight"},
    {"planning.column.calon_kpm", "Calon KPM", "KPM candidates"},
    {"planning.column.households", "Rumah tangga", "Households"},
    {"planning.column.penduduk", "Penduduk", "Population"},
    {"planning.column.pkh_graduates", "Lulusan PKH", "PKH graduates"},
    {"planning.column.population", "Penduduk", "Population"},
    {"planning.compare", "Bandingkan dua skenario:", "Compare two scenarios:"},
    {"planning.constant_criteria", "Sama di semua wilayah, tidak menambah skor: %s",
     "Equal everywhere, adds nothing to the score: %s"},
    {"planning.coverage_before_after", "Terjangkau: %s (%s%%) sebelum, %s (%s%%) sesudah, dari %s penerima",
     "Covered: %s (%s%%) before, %s (%s%%) after, of %s beneficiaries"},
    {"planning.criterion.beneficiaries", "Penerima manfaat", "Beneficiaries"},
    {"planning.criterion.business_diversity", "Ragam usaha", "Business diversity"},
    {"planning.criterion.candidates", "Kandidat", "Candidates"},
    {"planning.criterion.coverage_gap", "Celah jangkauan", "Coverage gap"},
    {"planning.criterion.density", "Kepadatan penerima", "Beneficiary density"},
    {"planning.criterion.distance_office", "Jarak ke kantor", "Distance to office"},
    {"planning.criterion.per_mentor", "Penerima per pendamping", "Beneficiaries per mentor"},
    {"planning.data_summary", "%s penerima, %s pendamping dimuat.", "%s beneficiaries, %s mentors loaded."},
    {"planning.direction_higher", "Lebih tinggi lebih baik", "Higher is better"},
    {"planning.direction_lower", "Lebih rendah lebih baik", "Lower is better"},
    {"planning.excluded_polygons", "Wilayah yang dikecualikan:", "Excluded areas:"},
    {"planning.excluded_short", "dikecualikan", "excluded"},
    {"planning.minimums", "Nilai minimum per kriteria:", "Minimum value per criterion:"},
    {"planning.minmax", "Min-maks", "Min-max"},
    {"planning.missing_exclude", "Kecualikan wilayah", "Exclude the area"},
    {"planning.missing_policy", "Nilai kosong:", "Missing values:"},
    {"planning.missing_worst", "Anggap nilai terburuk", "Count as the worst value"},
    {"planning.new_sites", "Lokasi baru (P)", "New sites (P)"},
    {"planning.newly_excluded", "kini dikecualikan", "now excluded"},
    {"planning.newly_included", "kini masuk", "now included"},
    {"planning.no_beneficiaries",
     "Proyek ini belum memiliki daftar penerima manfaat; impor daftar penerima terlebih dahulu.",
     "This project has no beneficiary list yet; import one first."},
    {"planning.no_boundary", "Buka lapisan batas wilayah (poligon) terlebih dahulu.",
     "Open a boundary (polygon) layer first."},
    {"planning.office", "Titik kantor (bujur,lintang):", "Office point (lon,lat):"},
    {"planning.office_invalid", "Tulis bujur,lintang, misalnya 107.49,-6.84.",
     "Type lon,lat, for example 107.49,-6.84."},
    {"planning.pick_cancel", "Batal memilih", "Stop picking"},
    {"planning.pick_exclude", "Pilih di peta", "Pick on the map"},
    {"planning.pick_exclude_hint", "Klik wilayah di peta untuk mengecualikan atau memasukkannya kembali.",
     "Click areas on the map to exclude them or take them back in."},
    {"planning.pick_office", "Pilih di peta", "Pick on the map"},
    {"planning.pick_office_hint", "Klik lokasi kantor di peta.", "Click the office's location on the map."},
    {"planning.propose", "Usulkan lokasi", "Propose sites"},
    {"planning.propose_help",
     "Memilih P titik dari grid 1 km di dalam batas wilayah yang paling banyak menjangkau penerima yang belum "
     "terjangkau dalam radius R, dengan pendamping yang ada tetap di tempatnya (greedy).",
     "Picks P points of a 1 km grid inside the boundaries that newly cover the most beneficiaries within R, "
     "keeping the existing mentors where they are (greedy)."},
    {"planning.radius_help",
     "Radius jangkauan pendamping: dipakai untuk celah jangkauan dan usulan lokasi.",
     "A mentor's coverage radius: used by the coverage gap and the site proposals."},
    {"planning.radius_km", "Radius R (km)", "Radius R (km)"},
    {"planning.rank", "Peringkat", "Rank"},
    {"planning.reason_below_min", "%s di bawah minimum %s", "%s below the minimum %s"},
    {"planning.reason_excluded", "dikecualikan perencana", "excluded by the planner"},
    {"planning.reason_missing", "%s tidak ada nilainya", "%s has no value"},
    {"planning.reload", "Muat ulang data", "Reload data"},
    {"planning.scenario_delete", "Hapus", "Delete"},
    {"planning.scenario_help",
     "Skenario menyimpan bobot, batasan, R, P, dan lokasi usulan di berkas proyek (simpan proyeknya).",
     "A scenario keeps the weights, constraints, R, P and the proposed sites in the project file (save the "
     "project)."},
    {"planning.scenario_load", "Pakai", "Use"},
    {"planning.scenario_name", "Nama skenario", "Scenario name"},
    {"planning.scenario_save", "Simpan skenario", "Save scenario"},
    {"planning.scenario_save_failed", "Skenario tidak dapat disimpan", "The scenario cannot be saved"},
    {"planning.section_constraints", "Batasan", "Constraints"},
    {"planning.section_criteria", "Kriteria dan bobot", "Criteria and weights"},
    {"planning.section_data", "Data", "Data"},
    {"planning.section_ranking", "Peringkat kesesuaian", "Suitability ranking"},
    {"planning.section_scenarios", "Skenario", "Scenarios"},
    {"planning.section_sites", "Usulan lokasi pendamping baru", "Proposed new mentor sites"},
    {"planning.sensitivity_help",
     "Persentase dari 1.000 perubahan acak bobot (masing-masing +/-10%) di mana wilayah itu tetap di N besar.",
     "The share of 1,000 random changes of the weights (each +/-10%) in which the area stays in the top N."},
    {"planning.show_on_map", "Tampilkan di peta", "Show on the map"},
    {"planning.stopped_early", "Tidak ada lokasi lain yang menjangkau penerima baru.",
     "No further site covers any new beneficiary."},
    {"planning.title", "Perencanaan lokasi", "Location planning"},
    {"planning.top_n", "N besar", "Top N"},
    {"planning.unavailable.no_business_types", "daftar penerima tidak memiliki kolom jenis usaha",
     "the beneficiary list has no business type column"},
    {"planning.unavailable.no_column", "tabel per kecamatan tidak memiliki kolom kandidat",
     "the per-kecamatan table has no candidates column"},
    {"planning.unavailable.no_mentors", "belum ada daftar pendamping", "no mentor list yet"},
    {"planning.unavailable.no_office", "titik kantor belum ditentukan", "no office point given"},
    {"planning.unavailable.no_table", "belum ada tabel per kecamatan", "no per-kecamatan table yet"},
    {"pack.browse", "Pilih...", "Browse..."},
    {"pack.choose_folder", "Folder bahan rapat", "Meeting pack folder"},
    {"pack.csv_indonesian", "Titik koma, koma desimal (Excel berbahasa Indonesia)",
     "Semicolons, decimal comma (Indonesian Excel)"},
    {"pack.csv_international", "Koma, titik desimal", "Commas, decimal point"},
    {"pack.csv_style", "Format table.csv:", "table.csv format:"},
    {"pack.failed", "Bahan rapat gagal dibuat", "The meeting pack could not be written"},
    {"pack.folder_label", "Folder (baru, kosong, atau bahan rapat sebelumnya)", "Folder (new, empty, or an earlier meeting pack)"},
    {"pack.help",
     "Satu folder berisi index.html, peta ikhtisar, satu peta per penanda dan per kecamatan, tabel indikator "
     "(CSV dan XLSX) dan peringkat skenario pertama. Bahan rapat sebelumnya di folder itu diganti utuh; berkas "
     "Anda yang lain tetap ada.",
     "One folder with index.html, an overview map, a map per bookmark and per kecamatan, the indicator table (CSV "
     "and XLSX) and the first scenario's ranking. An earlier pack in that folder is replaced whole; your other "
     "files stay."},
    {"pack.not_a_pack", "Folder %s sudah berisi berkas lain dan bukan folder bahan rapat. Berkas di dalamnya tidak akan ditimpa atau dihapus.",
     "The folder %s already holds other files and is not a meeting pack folder. Nothing in it is replaced or removed."},
    {"pack.use_subfolder_question", "Buat bahan rapat di folder baru %s?", "Write the meeting pack into a new folder %s?"},
    {"pack.use_subfolder", "Ya, folder baru di dalamnya", "Yes, a new folder inside it"},
    {"pack.choose_other", "Pilih folder lain", "Choose another folder"},
    {"pack.privacy_note", "Tanpa nama atau NIK; jumlah di bawah ambang ditulis \"<3\"; titik KPM digeser acak.",
     "No names or NIK; counts below the threshold written \"<3\"; beneficiary points moved at random."},
    {"pack.title", "Ekspor bahan rapat", "Export meeting pack"},
    {"pack.with_personal_data", "Sertakan data pribadi (nama, NIK) di berkas terpisah",
     "Include personal data (names, NIK) in a separate file"},
    {"pack.write", "Tulis bahan rapat", "Write the meeting pack"},
    {"pack.running", "Membuat bahan rapat di %s ... (%d dtk)", "Writing the meeting pack into %s ... (%d s)"},
    {"pack.written", "Bahan rapat selesai: buka index.html", "Meeting pack written: open index.html"},
    {"privacy.personal_data_warning",
     "Ekspor ini berisi data pribadi (nama, NIK, id penerima): bagikan hanya kepada yang berhak, dan hapus bila "
     "tidak diperlukan lagi.",
     "This export contains personal data (beneficiary names, NIK and ids): share it only with people entitled to "
     "see it, and delete it when it is no longer needed."},
    {"present.hint", "Panah/PgUp/PgDn: slide   P: privasi   Esc: keluar",
     "Arrows/PgUp/PgDn: slides   P: privacy   Esc: leave"},
    {"present.hint_no_slides", "Belum ada penanda untuk slide   Esc: keluar", "No bookmarks for slides yet   Esc: leave"},
    {"present.privacy", "Privasi: tampilkan peta seperti hasil ekspor", "Privacy: show the map as exports show it"},
    {"present.privacy_on", "Privasi aktif", "Privacy on"},
    {"present.start", "Mulai presentasi (F5)", "Start presentation (F5)"},
    {"snapshot.custom", "Ukuran sendiri", "Custom size"},
    {"snapshot.dpi", "DPI", "DPI"},
    {"snapshot.export", "Ekspor", "Export"},
    {"snapshot.failed", "Ekspor gagal", "Export failed"},
    {"snapshot.file", "Berkas:", "File:"},
    {"snapshot.format", "Format:", "Format:"},
    {"snapshot.format_jpg", "JPEG", "JPEG"},
    {"snapshot.format_pdf", "PDF (halaman)", "PDF (page)"},
    {"snapshot.format_png", "PNG", "PNG"},
    {"snapshot.format_tif", "GeoTIFF", "GeoTIFF"},
    {"snapshot.format_unavailable", "Format ini belum tersedia di versi ini.", "This format is not available in this build."},
    {"snapshot.height", "Tinggi (px)", "Height (px)"},
    {"snapshot.max_side", "Paling besar %d px per sisi.", "At most %d px a side."},
    {"snapshot.no_renderer", "penggambar peta tidak tersedia", "the map renderer is not available"},
    {"snapshot.nothing_to_export", "belum ada peta untuk diekspor", "there is no map to export yet"},
    {"snapshot.preset_4k", "4K", "4K"},
    {"snapshot.preset_a3_landscape", "A3 mendatar", "A3 landscape"},
    {"snapshot.preset_a3_portrait", "A3 tegak", "A3 portrait"},
    {"snapshot.preset_a4_landscape", "A4 mendatar", "A4 landscape"},
    {"snapshot.preset_a4_portrait", "A4 tegak", "A4 portrait"},
    {"snapshot.preset_full_hd", "Full HD", "Full HD"},
    {"snapshot.preview", "Pratinjau (berkas yang sama, diperkecil):", "Preview (the same file, scaled down):"},
    {"snapshot.preview_note", "Berkas: %d x %d px", "File: %d x %d px"},
    {"snapshot.size", "Ukuran:", "Size:"},
    {"snapshot.title", "Ekspor peta", "Export map"},
    {"snapshot.transparent", "Latar transparan (PNG)", "Transparent background (PNG)"},
    {"snapshot.width", "Lebar (px)", "Width (px)"},
    {"snapshot.written", "Tersimpan: %s", "Written: %s"},

    // ---- a project whose data files moved: the "Files moved" dialog (relocate_dialog.cpp) ----
    {"relocate.column_file", "Berkas yang dicatat proyek", "File recorded in the project"},
    {"relocate.column_role", "Isi", "Holds"},
    {"relocate.find", "Cari\xE2\x80\xA6", "Find\xE2\x80\xA6"},
    {"relocate.find_title", "Cari berkas yang dipindahkan", "Find the moved file"},
    {"relocate.found_more", "%d berkas lain ditemukan di folder yang sama.", "%d more found in the same folder."},
    {"relocate.intro",
     "Berkas data berikut tidak ada di tempat yang dicatat proyek. Tunjukkan letaknya sekarang; berkas lain "
     "dengan nama yang sama di folder itu ikut ditemukan. Berkas data hanya dibaca, tidak pernah diubah.",
     "These data files are not where the project says. Show where they are now; other files of the same name in "
     "that folder are found with them. Data files are only read, never changed."},
    {"relocate.not_located", "belum ditemukan", "not found yet"},
    {"relocate.open", "Buka", "Open"},
    {"relocate.open_without", "Buka tanpa berkas yang hilang", "Open without the missing files"},
    {"relocate.open_without_note",
     "Tanpa berkas yang hilang: lapisannya tidak dibuka, dan daftar program yang hilang dilepas dari proyek. "
     "Batal: peta yang sedang tampil tidak diubah.",
     "Without the missing files: their layers are not opened, and missing programme lists are dropped from the "
     "project. Cancel: the map on screen is unchanged."},
    {"relocate.opened",
     "Proyek dibuka dengan berkas dari tempatnya yang baru. Letak baru itu tersimpan di proyek saat proyek "
     "disimpan berikutnya; sampai saat itu berkas proyek tidak diubah.",
     "The project was opened with the files from their new places. The new locations are saved in the project "
     "the next time it is saved; until then the project file is unchanged."},
    {"relocate.role.boundary_layer", "Lapisan batas wilayah", "Boundary layer"},
    {"relocate.role.context_layer", "Lapisan konteks", "Context layer"},
    {"relocate.save_now", "Simpan proyek sekarang", "Save the project now"},
    {"relocate.title", "Berkas dipindahkan", "Files moved"},
    {"layer.move_up", "Naikkan: digambar di atas lapisan berikutnya", "Move up: draw above the next layer"},
    {"layer.move_down", "Turunkan: digambar di bawah lapisan sebelumnya", "Move down: draw below the layer before"},    // ---- File > Open from database (issue 13) ----
    {"database.by_host", "Host, port, basis data, pengguna", "Host, port, database, user"},
    {"database.by_service", "Layanan (pg_service.conf)", "Service (pg_service.conf)"},
    {"database.column_geometry", "Geometri", "Geometry"},
    {"database.column_rows", "Baris (perkiraan)", "Rows (estimate)"},
    {"database.column_srid", "SRID", "SRID"},
    {"database.column_table", "Tabel", "Table"},
    {"database.connect", "Sambungkan", "Connect"},
    {"database.connecting", "Menyambungkan\xE2\x80\xA6", "Connecting\xE2\x80\xA6"},
    {"database.connecting_needs", "Isi layanan, atau host dan basis data.", "Fill in a service, or a host and a database."},
    {"database.database", "Basis data", "Database"},
    {"database.filter", "Saring", "Filter"},
    {"database.filter_hint", "bagian dari skema.tabel", "part of schema.table"},
    {"database.host", "Host", "Host"},
    {"database.kind.lonlat", "tanpa geometri: kolom lon/lat", "no geometry: lon/lat columns"},
    {"database.kind.names", "tanpa geometri: nama/kode wilayah", "no geometry: area names/codes"},
    {"database.kind.none", "tanpa geometri", "no geometry"},
    {"database.no_tables", "Basis data ini tidak punya tabel yang dapat dibaca.", "This database has no tables you can read."},
    {"database.open", "Buka", "Open"},
    {"database.password_note",
     "Kata sandi tidak diminta di sini dan tidak pernah disimpan: libpq membacanya dari ~/.pgpass atau PGPASSWORD.",
     "No password is asked for here or ever stored: libpq reads it from ~/.pgpass or PGPASSWORD."},
    {"database.port", "Port", "Port"},
    {"database.rows_unknown", "tidak diketahui", "unknown"},
    {"database.service", "Layanan", "Service"},
    {"database.tables_shown", "%d dari %d tabel", "%d of %d tables"},
    {"database.title", "Buka dari basis data", "Open from database"},
    {"database.user", "Pengguna", "User"},
    {"menu.file.open_database", "Buka dari basis data\xE2\x80\xA6", "Open from database\xE2\x80\xA6"},
};

std::atomic<Language> gLanguage{Language::Indonesian};

const Translation* find(std::string_view key) {
  static const std::unordered_map<std::string_view, const Translation*> index = [] {
    std::unordered_map<std::string_view, const Translation*> map;
    for (const auto& row : kTable) map.emplace(row.key, &row);  // first row wins; the test rejects repeats
    return map;
  }();
  const auto it = index.find(key);
  return it == index.end() ? nullptr : it->second;
}

// The key itself when missing, kept alive so callers may hold the pointer like a table entry.
const char* missingKey(std::string_view key) {
  static thread_local std::unordered_map<std::string, std::string> seen;
  auto [it, inserted] = seen.try_emplace(std::string(key), std::string(key));
  return it->second.c_str();
}

}  // namespace

void setLanguage(Language language) { gLanguage.store(language); }
Language language() { return gLanguage.load(); }

const char* translate(std::string_view key, Language language) {
  const Translation* row = find(key);
  if (!row) return missingKey(key);
  return language == Language::English ? row->english : row->indonesian;
}

const char* tr(std::string_view key) { return translate(key, language()); }

std::vector<std::string_view> translationKeys() {
  std::vector<std::string_view> keys;
  keys.reserve(std::size(kTable));
  for (const auto& row : kTable) keys.push_back(row.key);
  return keys;
}

std::string formatNumber(double value, int decimals, Language language) {
  if (!std::isfinite(value)) return "-";
  if (decimals < 0) decimals = 0;
  if (decimals > 12) decimals = 12;
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::fabs(value));
  const std::string plain = buffer;
  const size_t point = plain.find('.');
  const std::string integerPart = plain.substr(0, point);
  const std::string fraction = point == std::string::npos ? "" : plain.substr(point + 1);
  const char group = language == Language::English ? ',' : '.';
  const char decimal = language == Language::English ? '.' : ',';

  std::string out;
  for (size_t i = 0; i < integerPart.size(); ++i) {
    if (i > 0 && (integerPart.size() - i) % 3 == 0) out += group;
    out += integerPart[i];
  }
  if (!fraction.empty()) {
    out += decimal;
    out += fraction;
  }
  // No "-0,00": a value that rounds to zero has no sign.
  const bool allZero = plain.find_first_not_of("0.") == std::string::npos;
  if (value < 0 && !allZero) out.insert(out.begin(), '-');
  return out;
}

std::string formatNumber(double value, int decimals) { return formatNumber(value, decimals, language()); }

}  // namespace pk
