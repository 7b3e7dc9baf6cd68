-- fundwatch: the tables of the data contract for MySQL 5.7+/8 and MariaDB 10.5+.
-- Generated from engine/data/schema.cpp by `fundwatch ddl`; do not edit by hand
-- (a test checks that this file equals the generator's output). See docs/MYSQL.md.

CREATE TABLE IF NOT EXISTS `fixmedins` (
  `fixmedins_code` VARCHAR(255) NOT NULL COMMENT '定点医药机构编码',
  `fixmedins_name` VARCHAR(255) NOT NULL COMMENT '机构名称',
  `fixmedins_type` VARCHAR(1) NOT NULL COMMENT '机构类型: 1 医疗机构, 2 零售药店',
  `medins_lv` INT NOT NULL COMMENT '医院等级 3三级 2二级 1一级及以下 0未定级',
  `admdvs` VARCHAR(6) NOT NULL COMMENT '医保区划',
  `dual_channel_flag` TINYINT NOT NULL COMMENT '双通道定点药店',
  `opsp_flag` TINYINT NOT NULL COMMENT '门慢特定点',
  PRIMARY KEY (`fixmedins_code`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='定点医药机构';

CREATE TABLE IF NOT EXISTS `hilist` (
  `hilist_code` VARCHAR(255) NOT NULL COMMENT '医保目录编码',
  `hilist_name` VARCHAR(255) NOT NULL COMMENT '目录名称',
  `list_type` VARCHAR(1) NOT NULL COMMENT '目录类别: 1 药品, 2 医疗服务项目, 3 医用耗材',
  `hilist_lv` VARCHAR(1) NOT NULL COMMENT '甲乙丙类: 甲 甲类, 乙 乙类, 丙 丙类',
  `pric_uplmt_amt` DECIMAL(18,4) NULL COMMENT '支付标准上限',
  `gender_lmt` VARCHAR(1) NULL COMMENT '限性别: 1 男, 2 女',
  `age_min` INT NULL COMMENT '限最小年龄',
  `age_max` INT NULL COMMENT '限最大年龄',
  `lmt_dise` VARCHAR(4000) NULL COMMENT '限适应症ICD-10前缀',
  `medins_lv_lmt` INT NULL COMMENT '限医疗机构最低等级',
  `max_prd_days` BIGINT NULL COMMENT '单次最大用药天数',
  `trace_prefix` VARCHAR(4000) NULL COMMENT '追溯码药品标识码(前7位)',
  `vbp_flag` TINYINT NOT NULL COMMENT '集采产品',
  `dual_channel_flag` TINYINT NOT NULL COMMENT '双通道药品',
  `watch_flag` TINYINT NOT NULL COMMENT '重点监测易倒卖药品',
  `begndate` DATE NOT NULL COMMENT '开始日期',
  `enddate` DATE NULL COMMENT '结束日期',
  PRIMARY KEY (`hilist_code`, `begndate`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='医保目录';

CREATE TABLE IF NOT EXISTS `psn` (
  `psn_no` VARCHAR(255) NOT NULL COMMENT '人员编号',
  `gend` VARCHAR(1) NOT NULL COMMENT '性别: 1 男, 2 女',
  `brdy` DATE NOT NULL COMMENT '出生日期',
  `insutype` VARCHAR(3) NOT NULL COMMENT '险种: 310 职工基本医疗保险, 390 城乡居民基本医疗保险',
  `death_date` DATE NULL COMMENT '死亡日期',
  PRIMARY KEY (`psn_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='参保人员';

CREATE TABLE IF NOT EXISTS `opsp_reg` (
  `reg_id` VARCHAR(255) NOT NULL COMMENT '备案号',
  `psn_no` VARCHAR(255) NOT NULL COMMENT '人员编号',
  `opsp_dise_code` VARCHAR(255) NOT NULL COMMENT '门慢特病种编码',
  `opsp_dise_name` VARCHAR(255) NOT NULL COMMENT '病种名称',
  `fixmedins_code` VARCHAR(255) NOT NULL COMMENT '备案机构',
  `begndate` DATE NOT NULL COMMENT '开始日期',
  `enddate` DATE NULL COMMENT '结束日期',
  `status` VARCHAR(1) NOT NULL COMMENT '备案状态: 0 撤销, 1 有效',
  PRIMARY KEY (`reg_id`),
  KEY `ix_psn_no` (`psn_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='门慢特备案';

CREATE TABLE IF NOT EXISTS `setl` (
  `setl_id` VARCHAR(255) NOT NULL COMMENT '结算ID',
  `mdtrt_id` VARCHAR(255) NOT NULL COMMENT '就诊ID',
  `psn_no` VARCHAR(255) NOT NULL COMMENT '人员编号',
  `fixmedins_code` VARCHAR(255) NOT NULL COMMENT '定点机构',
  `med_type` VARCHAR(2) NOT NULL COMMENT '医疗类别: 11 普通门诊, 13 急诊, 14 门慢特, 21 住院, 41 定点药店购药',
  `begntime` DATETIME NOT NULL COMMENT '开始时间',
  `endtime` DATETIME NOT NULL COMMENT '结束时间',
  `setl_time` DATETIME NOT NULL COMMENT '结算时间',
  `dx_codes` VARCHAR(4000) NOT NULL COMMENT '诊断编码(主诊断在前)',
  `opsp_dise_code` VARCHAR(255) NULL COMMENT '门慢特病种',
  `medfee_sumamt` DECIMAL(18,4) NOT NULL COMMENT '医疗费总额',
  `fund_pay_sumamt` DECIMAL(18,4) NOT NULL COMMENT '基金支付总额',
  `refd_setl_flag` TINYINT NOT NULL COMMENT '冲销标志',
  `rxno` VARCHAR(255) NULL COMMENT '医保电子处方号',
  PRIMARY KEY (`setl_id`),
  KEY `ix_setl_time` (`setl_time`),
  KEY `ix_psn_no` (`psn_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='结算';

CREATE TABLE IF NOT EXISTS `fee_list` (
  `feedetl_sn` VARCHAR(255) NOT NULL COMMENT '费用明细流水号',
  `setl_id` VARCHAR(255) NOT NULL COMMENT '结算ID',
  `psn_no` VARCHAR(255) NOT NULL COMMENT '人员编号',
  `fixmedins_code` VARCHAR(255) NOT NULL COMMENT '定点机构',
  `fee_ocur_time` DATETIME NOT NULL COMMENT '费用发生时间',
  `hilist_code` VARCHAR(255) NOT NULL COMMENT '医保目录编码',
  `cnt` DECIMAL(18,4) NOT NULL COMMENT '数量',
  `pric` DECIMAL(18,4) NOT NULL COMMENT '单价',
  `det_item_fee_sumamt` DECIMAL(18,4) NOT NULL COMMENT '明细项目费用总额',
  `prd_days` BIGINT NULL COMMENT '用药天数',
  `long_rx_flag` TINYINT NOT NULL COMMENT '长期处方标志',
  `drug_trac_codg` VARCHAR(4000) NULL COMMENT '药品追溯码',
  PRIMARY KEY (`feedetl_sn`),
  KEY `ix_fee_ocur_time` (`fee_ocur_time`),
  KEY `ix_psn_no` (`psn_no`),
  KEY `ix_setl_id` (`setl_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='费用明细';

CREATE TABLE IF NOT EXISTS `trac_event` (
  `event_id` VARCHAR(255) NOT NULL COMMENT '事件ID',
  `drug_trac_codg` VARCHAR(255) NOT NULL COMMENT '药品追溯码',
  `event_type` VARCHAR(15) NOT NULL COMMENT '事件类型: purchase_in 采购入库, purchase_return 采购退货, sale 销售, sale_return 销售退货',
  `event_time` DATETIME NOT NULL COMMENT '事件时间',
  `fixmedins_code` VARCHAR(255) NOT NULL COMMENT '扫码机构',
  `hilist_code` VARCHAR(255) NULL COMMENT '医保目录编码',
  `psn_no` VARCHAR(255) NULL COMMENT '购药人',
  `setl_id` VARCHAR(255) NULL COMMENT '结算ID',
  PRIMARY KEY (`event_id`),
  KEY `ix_event_time` (`event_time`),
  KEY `ix_psn_no` (`psn_no`),
  KEY `ix_drug_trac_codg` (`drug_trac_codg`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='追溯码事件';

CREATE TABLE IF NOT EXISTS `mdtrt_event` (
  `event_id` VARCHAR(255) NOT NULL COMMENT '事件ID',
  `mdtrt_id` VARCHAR(255) NOT NULL COMMENT '就诊ID',
  `psn_no` VARCHAR(255) NOT NULL COMMENT '人员编号',
  `fixmedins_code` VARCHAR(255) NOT NULL COMMENT '定点机构',
  `med_type` VARCHAR(2) NOT NULL COMMENT '医疗类别: 11 普通门诊, 13 急诊, 14 门慢特, 21 住院, 41 定点药店购药',
  `opsp_dise_code` VARCHAR(255) NULL COMMENT '门慢特病种',
  `event_type` VARCHAR(8) NOT NULL COMMENT '事件类型: register 就诊登记, cancel 撤销登记, settle 结算',
  `event_time` DATETIME NOT NULL COMMENT '事件时间',
  `reason` TEXT NULL COMMENT '撤销原因',
  PRIMARY KEY (`event_id`),
  KEY `ix_event_time` (`event_time`),
  KEY `ix_psn_no` (`psn_no`),
  KEY `ix_mdtrt_id` (`mdtrt_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='就诊登记事件';

CREATE TABLE IF NOT EXISTS `complaint` (
  `complaint_id` VARCHAR(255) NOT NULL COMMENT '投诉ID',
  `psn_no` VARCHAR(255) NOT NULL COMMENT '投诉人',
  `fixmedins_code` VARCHAR(255) NOT NULL COMMENT '被投诉机构',
  `recv_time` DATETIME NOT NULL COMMENT '受理时间',
  `category` VARCHAR(255) NOT NULL COMMENT '类别',
  `content` TEXT NOT NULL COMMENT '内容',
  PRIMARY KEY (`complaint_id`),
  KEY `ix_recv_time` (`recv_time`),
  KEY `ix_psn_no` (`psn_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='投诉举报';

CREATE TABLE IF NOT EXISTS `vbp_order` (
  `order_id` VARCHAR(255) NOT NULL COMMENT '订单ID',
  `fixmedins_code` VARCHAR(255) NOT NULL COMMENT '采购机构',
  `distributor_code` VARCHAR(255) NOT NULL COMMENT '配送企业',
  `hilist_code` VARCHAR(255) NOT NULL COMMENT '药品',
  `order_qty` DECIMAL(18,4) NOT NULL COMMENT '订购数量',
  `order_time` DATETIME NOT NULL COMMENT '下单时间',
  `urgent_flag` TINYINT NOT NULL COMMENT '急救订单',
  `cancel_time` DATETIME NULL COMMENT '撤单时间',
  PRIMARY KEY (`order_id`),
  KEY `ix_order_time` (`order_time`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='集采订单';

CREATE TABLE IF NOT EXISTS `vbp_delivery` (
  `delivery_id` VARCHAR(255) NOT NULL COMMENT '配送ID',
  `order_id` VARCHAR(255) NOT NULL COMMENT '订单ID',
  `delivered_qty` DECIMAL(18,4) NOT NULL COMMENT '配送数量',
  `delivery_time` DATETIME NOT NULL COMMENT '到货时间',
  PRIMARY KEY (`delivery_id`),
  KEY `ix_delivery_time` (`delivery_time`),
  KEY `ix_order_id` (`order_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='集采配送';

CREATE TABLE IF NOT EXISTS `erx` (
  `hi_rxno` VARCHAR(255) NOT NULL COMMENT '医保电子处方号',
  `psn_no` VARCHAR(255) NOT NULL COMMENT '人员编号',
  `fixmedins_code` VARCHAR(255) NOT NULL COMMENT '开方机构',
  `rx_time` DATETIME NOT NULL COMMENT '开方时间',
  `vali_days` BIGINT NOT NULL COMMENT '有效天数',
  `hilist_codes` VARCHAR(4000) NOT NULL COMMENT '处方药品',
  `rx_stas` VARCHAR(1) NOT NULL COMMENT '处方状态: 0 撤销, 1 有效',
  PRIMARY KEY (`hi_rxno`),
  KEY `ix_rx_time` (`rx_time`),
  KEY `ix_psn_no` (`psn_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='医保电子处方';
