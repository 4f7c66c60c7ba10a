package searchtest

import "github.com/cepaim/senderos"

// The Spanish part of the corpus. Words that the cases rely on are placed
// with care: "escuela" appears only in the singular in the school chapter
// and only in the plural in the magazine article about schools; "Teruel"
// appears in exactly four documents, two of them village profiles; the
// word "patrón" (boss) sits one letter away from "padrón"; Ousmane's
// transcript writes "padron" and "integracion" without accents.
var documentsES = []senderos.Document{
	{
		ID: "es:/guide/01-padron/", Type: "guide", Lang: "es", URL: "/guia/01-padron/",
		Title:   "El padrón municipal: cómo empadronarse al llegar",
		Summary: "Qué es el padrón, para qué sirve y qué documentos hay que llevar al ayuntamiento.",
		Text: "El padrón es el registro de las personas que viven en el municipio. Empadronarse es el primer trámite " +
			"al llegar: abre la puerta a la tarjeta sanitaria, a la matrícula de los niños y a las ayudas sociales. " +
			"Para el empadronamiento hace falta el pasaporte o la tarjeta de residencia y el contrato de alquiler " +
			"o una autorización de la persona propietaria de la casa. El ayuntamiento entrega un certificado de " +
			"empadronamiento, que conviene guardar y renovar cuando se cambia de domicilio.",
		Topics: []string{"padron", "tramites"},
	},
	{
		ID: "es:/guide/02-integracion/", Type: "guide", Lang: "es", URL: "/guia/02-integracion/",
		Title:   "Integración en el pueblo: los primeros meses",
		Summary: "Cómo conocer a los vecinos, participar en las fiestas y encontrar apoyo.",
		Text: "La integración no es un examen: es un camino de ida y vuelta entre la familia que llega y el pueblo " +
			"que la recibe. Las asociaciones culturales, el consultorio, la tienda y el bar son lugares de encuentro. " +
			"Participar en las fiestas patronales, en la limpieza del monte o en el grupo de mujeres ayuda a tejer " +
			"confianza. El equipo técnico acompaña a cada familia durante el primer año.",
		Topics: []string{"integracion", "convivencia"},
	},
	{
		ID: "es:/guide/03-vivienda/", Type: "guide", Lang: "es", URL: "/guia/03-vivienda/",
		Title:   "Buscar vivienda en el medio rural",
		Summary: "Alquiler, cesión y rehabilitación: las opciones para tener casa en un pueblo.",
		Text: "En muchos pueblos hay casas vacías, pero pocas se anuncian. El ayuntamiento suele conocer a los " +
			"propietarios dispuestos a alquilar. Antes de firmar el contrato conviene revisar la calefacción, el agua " +
			"y el estado del tejado. Algunas diputaciones ofrecen ayudas para rehabilitar una vivienda a cambio de " +
			"un alquiler asequible durante varios años.",
		Topics: []string{"vivienda"},
	},
	{
		ID: "es:/guide/04-escuela/", Type: "guide", Lang: "es", URL: "/guia/04-escuela/",
		Title:   "La escuela rural y la matrícula de los niños",
		Summary: "Cómo matricular a los hijos, el transporte escolar y el comedor.",
		Text: "La escuela rural agrupa a niños de varias edades en la misma aula. La matrícula se hace en el " +
			"ayuntamiento o en el centro, con el certificado de empadronamiento y el libro de familia o el pasaporte. " +
			"El transporte escolar y el comedor son gratuitos para quienes viven lejos. La maestra es una aliada " +
			"para aprender el idioma: pregunte por las clases de español para madres y padres.",
		Topics: []string{"educacion"},
	},
	{
		ID: "es:/guide/05-trabajo/", Type: "guide", Lang: "es", URL: "/guia/05-trabajo/",
		Title:   "Trabajo y contratos en el campo",
		Summary: "Derechos laborales, contratos de temporada y búsqueda de empleo.",
		Text: "El trabajo agrícola y ganadero es la primera puerta de entrada, pero no la única: residencias de " +
			"mayores, turismo rural y pequeños comercios buscan personal. Todo empleo debe tener contrato y alta en " +
			"la Seguridad Social. Guarde las nóminas; sirven para renovar la autorización de residencia.",
		Topics: []string{"empleo"},
	},
	{
		ID: "es:/guide/06-sanidad/", Type: "guide", Lang: "es", URL: "/guia/06-sanidad/",
		Title:   "Tarjeta sanitaria y centro de salud",
		Summary: "Cómo pedir la tarjeta sanitaria y dónde está el médico más cercano.",
		Text: "Con el certificado de empadronamiento se pide la tarjeta sanitaria en el centro de salud. En los " +
			"pueblos pequeños el médico pasa consulta uno o dos días por semana en el consultorio local; para " +
			"urgencias hay que llamar al 112.",
		Topics: []string{"salud"},
	},
	{
		ID: "es:/magazine/escuelas-abiertas/", Type: "magazine", Lang: "es", URL: "/revista/escuelas-abiertas/",
		Title:   "Las escuelas rurales que siguen abiertas gracias a las familias nuevas",
		Summary: "Tres colegios de Teruel que no cerraron porque llegaron alumnos.",
		Text: "Hace cinco años, tres escuelas de la comarca estaban a punto de cerrar por falta de alumnos. Hoy tienen " +
			"aulas llenas gracias a las familias que llegaron con el programa. En Teruel, cada niño cuenta: con menos " +
			"de cuatro alumnos, la consejería cierra el aula.",
		Topics: []string{"educacion", "despoblacion"}, Province: "Teruel",
	},
	{
		ID: "es:/magazine/municipios-acogida/", Type: "magazine", Lang: "es", URL: "/revista/municipios-acogida/",
		Title:   "Municipios de acogida: lo que aprendimos",
		Summary: "Alcaldes y alcaldesas cuentan cómo prepararon la llegada de nuevas familias.",
		Text: "Los municipios que mejor acogen son los que preparan la llegada: una vivienda lista, una persona de " +
			"referencia en el ayuntamiento y una reunión con los vecinos. La integración funciona cuando todo el " +
			"pueblo se siente parte del proyecto.",
		Topics: []string{"integracion", "despoblacion"},
	},
	{
		ID: "es:/magazine/alquiler-rural/", Type: "magazine", Lang: "es", URL: "/revista/alquiler-rural/",
		Title:   "El alquiler de casas vacías en los pueblos",
		Summary: "Por qué hay tantas casas cerradas y cómo convencer a sus dueños.",
		Text: "En la serranía de Cuenca, una de cada tres casas está vacía la mayor parte del año. Los propietarios " +
			"temen los impagos; la bolsa de vivienda municipal ofrece garantías y media entre las partes.",
		Topics: []string{"vivienda", "despoblacion"}, Province: "Cuenca",
	},
	{
		ID: "es:/testimonials/amina/", Type: "testimonial", Lang: "es", URL: "/testimonios/amina/",
		Title:   "Amina: de Casablanca a Teruel",
		Summary: "Amina llegó con sus dos hijos y hoy trabaja en una granja de la comarca.",
		Text: "Al principio no conocía a nadie. Mi patrón en la granja me ayudó con los papeles y me presentó a las " +
			"vecinas. Mis hijos aprendieron español en pocos meses. En Teruel hace frío, pero la gente es cálida.",
		Topics: []string{"empleo", "integracion"}, Province: "Teruel",
	},
	{
		ID: "es:/testimonials/ousmane/", Type: "testimonial", Lang: "es", URL: "/testimonios/ousmane/",
		Title:   "Ousmane y la huerta de Soria",
		Summary: "Ousmane cultiva una huerta ecológica y vende en el mercado de la comarca.",
		Text: "Lo primero fue ir al ayuntamiento para el padron, me dijeron que sin eso no podia hacer nada. Despues " +
			"vino el trabajo en la huerta. La integracion fue facil porque en el pueblo todos se conocen y me " +
			"invitaron a las fiestas.",
		Topics: []string{"empleo"}, Province: "Soria",
	},
	{
		ID: "es:/testimonials/familia-rojas/", Type: "testimonial", Lang: "es", URL: "/testimonios/familia-rojas/",
		Title:   "La familia Rojas encontró casa en Cuenca",
		Summary: "Desde Colombia hasta un pueblo de la serranía.",
		Text: "Buscamos vivienda durante meses en la ciudad. En el pueblo nos ofrecieron una casa con huerto por un " +
			"alquiler que podíamos pagar. Los niños van andando al colegio.",
		Topics: []string{"vivienda"}, Province: "Cuenca",
	},
	{
		ID: "es:/villages/alcala-de-la-selva/", Type: "municipality", Lang: "es", URL: "/pueblos/alcala-de-la-selva/",
		Title:   "Alcalá de la Selva",
		Summary: "Municipio de la sierra de Gúdar, en Teruel, con estación de esquí cercana.",
		Text: "Alcalá de la Selva es un municipio de montaña de unos cuatrocientos habitantes en la provincia de " +
			"Teruel. Tiene escuela, consultorio médico y trabajo en turismo y ganadería. Hay viviendas de alquiler " +
			"disponibles.",
		Topics: []string{"pueblos"}, Province: "Teruel",
	},
	{
		ID: "es:/villages/mosqueruela/", Type: "municipality", Lang: "es", URL: "/pueblos/mosqueruela/",
		Title:   "Mosqueruela",
		Summary: "Municipio ganadero del Maestrazgo, en Teruel.",
		Text: "Mosqueruela, en el Maestrazgo de Teruel, busca familias para mantener abierta su escuela. El " +
			"municipio ofrece una vivienda rehabilitada y apoyo para empezar.",
		Topics: []string{"pueblos"}, Province: "Teruel",
	},
	{
		ID: "es:/villages/san-leonardo/", Type: "municipality", Lang: "es", URL: "/pueblos/san-leonardo-de-yague/",
		Title:   "San Leonardo de Yagüe",
		Summary: "Municipio de pinares en Soria, con industria de la madera.",
		Text: "San Leonardo de Yagüe es un municipio rodeado de pinares. La industria de la madera ofrece empleo y la " +
			"escuela tiene comedor. El pueblo está a una hora de la capital.",
		Topics: []string{"pueblos"}, Province: "Soria",
	},
	{
		ID: "es:/villages/almazan/", Type: "municipality", Lang: "es", URL: "/pueblos/almazan/",
		Title:   "Almazán",
		Summary: "Villa histórica junto al Duero, en Soria.",
		Text: "Almazán tiene colegio, instituto, centro de salud y estación de autobuses. Es un buen lugar para " +
			"familias con hijos adolescentes.",
		Topics: []string{"pueblos"}, Province: "Soria",
	},
	{
		ID: "es:/villages/priego/", Type: "municipality", Lang: "es", URL: "/pueblos/priego/",
		Title:   "Priego",
		Summary: "Municipio de la serranía de Cuenca, entre hoces y ríos.",
		Text: "Priego conserva su artesanía del mimbre. Busca nuevos vecinos para sus casas vacías y ofrece vivienda " +
			"de alquiler social.",
		Topics: []string{"pueblos"}, Province: "Cuenca",
	},
	{
		ID: "es:/villages/garrovillas/", Type: "municipality", Lang: "es", URL: "/pueblos/garrovillas-de-alconetar/",
		Title:   "Garrovillas de Alconétar",
		Summary: "Municipio de Cáceres con una de las plazas porticadas más bellas de Extremadura.",
		Text: "Garrovillas de Alconétar vive del campo y de la dehesa. Su escuela y su residencia de mayores buscan " +
			"personas que quieran quedarse.",
		Topics: []string{"pueblos"}, Province: "Cáceres", Example: true,
	},
	{
		ID: "es:/villages/hervas/", Type: "municipality", Lang: "es", URL: "/pueblos/hervas/",
		Title:   "Hervás",
		Summary: "Municipio del valle del Ambroz, en Cáceres.",
		Text:    "Hervás tiene una judería bien conservada, castaños y trabajo en hostelería.",
		Topics:  []string{"pueblos"}, Province: "Cáceres",
	},
	{
		ID: "es:/library/guia-metodologica/", Type: "library", Lang: "es", URL: "/biblioteca/guia-metodologica/",
		Title:   "Guía metodológica de Nuevos Senderos",
		Summary: "El método del programa: acogida, acompañamiento y evaluación.",
		Text: "La guía metodológica describe las fases del programa: la preparación del municipio, la selección de " +
			"las familias, la acogida y el acompañamiento durante dos años. Incluye fichas para el equipo técnico.",
		Topics: []string{"metodologia"},
	},
	{
		ID: "es:/library/informe-despoblacion/", Type: "library", Lang: "es", URL: "/biblioteca/informe-despoblacion/",
		Title:   "Informe: despoblación y nuevos pobladores",
		Summary: "Datos de diez años de llegadas a municipios de menos de mil habitantes.",
		Text: "La despoblación no se frena con una sola medida. El informe analiza cuántas familias siguen en el " +
			"pueblo tres años después y qué servicios marcaron la diferencia: escuela, vivienda y empleo.",
		Topics: []string{"despoblacion"},
	},
	{
		ID: "es:/library/folleto-padron/", Type: "library", Lang: "es", URL: "/biblioteca/folleto-padron/",
		Title:   "Folleto: el padrón paso a paso",
		Summary: "Un folleto ilustrado para llevar al ayuntamiento.",
		Text:    "Seis pasos para inscribirse en el padrón municipal, con dibujos y un glosario en árabe, francés e inglés.",
		Topics:  []string{"padron"},
	},
	{
		ID: "es:/about/", Type: "page", Lang: "es", URL: "/sobre/",
		Title:   "Qué es Nuevos Senderos",
		Summary: "Un programa que une a familias migrantes con pueblos que quieren crecer.",
		Text: "Nuevos Senderos acompaña a familias migrantes que desean vivir en el medio rural y a municipios que " +
			"necesitan nuevos vecinos.",
	},
}
